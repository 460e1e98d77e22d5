/**
 * People over HTTP: sign in and out (an httpOnly, SameSite=Strict session cookie), who am I, and
 * the workspace's users with their roles (anyone signed in can list them, for mentions and
 * owners; only admins add, change or remove them).
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { NewUserSchema, SignInSchema, type User, UserPatchSchema } from '../../domain/user.js';
import { authorise, SESSION_COOKIE } from '../access.js';
import type { ServerContext } from '../context.js';
import { HttpError } from '../http-error.js';
import { jsonSchema } from '../json-schema.js';
import { parseWith } from '../parse.js';

const IdParams = z.object({ id: z.string().min(1).max(100) });

/** What other people may see of a user. */
function publicUser(u: User): { id: string; email: string; name: string; role: string } {
  return { id: u.id, email: u.email, name: u.name, role: u.role };
}

export function peopleRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const tags = ['people'];
  const security = [{ secretKey: [] }];
  const clearCookie = (reply: FastifyReply) => reply.clearCookie(SESSION_COOKIE, { path: '/' });

  app.post(
    '/v1/auth/signin',
    {
      schema: { tags, summary: 'Sign in with e-mail and password; sets the session cookie', body: jsonSchema(SignInSchema) },
      // Slow down password guessing: a few attempts per minute per client address.
      config: { rateLimit: { max: ctx.config.signInAttemptsPerMinute, timeWindow: 60_000, keyGenerator: (req) => `signin:${req.ip}` } },
    },
    async (req, reply) => {
      const body = parseWith(SignInSchema, req.body, 'body');
      const signedIn = await ctx.state.users.checkPassword(body.email, body.password, body.workspace);
      if (!signedIn) throw new HttpError(401, 'invalid_credentials', 'that e-mail and password do not match a user');
      const token = await ctx.state.users.startSession(signedIn.workspace.id, signedIn.user.id, ctx.config.sessionTtlMs);
      reply.setCookie(SESSION_COOKIE, token, {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        secure: ctx.config.secureCookies,
        maxAge: Math.floor(ctx.config.sessionTtlMs / 1000),
      });
      return { user: publicUser(signedIn.user), workspace: { id: signedIn.workspace.id, name: signedIn.workspace.name } };
    },
  );

  app.post('/v1/auth/signout', { schema: { tags, summary: 'End the session' } }, async (req, reply) => {
    const token = req.cookies[SESSION_COOKIE];
    if (token) await ctx.state.users.endSession(token);
    clearCookie(reply);
    return reply.status(204).send();
  });

  app.get('/v1/auth/me', { schema: { tags, summary: 'Who is signed in (or which workspace the secret key is of)', security } }, async (req, reply) => {
    try {
      const access = await authorise(ctx, req, 'viewer');
      return {
        user: access.user ? publicUser(access.user) : { id: null, email: null, name: 'Secret key', role: access.role },
        workspace: { id: access.workspace.id, name: access.workspace.name },
      };
    } catch (err) {
      if (err instanceof HttpError && err.status === 401) clearCookie(reply);
      throw err;
    }
  });

  app.get('/v1/users', { schema: { tags, summary: "The workspace's people and their roles", security } }, async (req) => {
    const { workspace } = await authorise(ctx, req, 'viewer');
    return { users: (await ctx.state.users.list(workspace.id)).map(publicUser) };
  });

  app.post('/v1/users', { schema: { tags, summary: 'Add a person (admin)', security, body: jsonSchema(NewUserSchema) } }, async (req, reply) => {
    const { workspace } = await authorise(ctx, req, 'admin');
    const body = parseWith(NewUserSchema, req.body, 'body');
    return reply.status(201).send(publicUser(await ctx.state.users.create(workspace.id, body)));
  });

  app.patch('/v1/users/:id', { schema: { tags, summary: "Change a person's name, role or password (admin)", security, body: jsonSchema(UserPatchSchema) } }, async (req) => {
    const access = await authorise(ctx, req, 'admin');
    const { id } = parseWith(IdParams, req.params, 'path');
    const patch = parseWith(UserPatchSchema, req.body, 'body');
    if (access.user?.id === id && patch.role && patch.role !== 'admin') throw new HttpError(409, 'conflict', 'you cannot lower your own role; ask another admin');
    return publicUser(await ctx.state.users.update(access.workspace.id, id, patch));
  });

  app.delete('/v1/users/:id', { schema: { tags, summary: 'Remove a person (admin)', security } }, async (req, reply) => {
    const access = await authorise(ctx, req, 'admin');
    const { id } = parseWith(IdParams, req.params, 'path');
    if (access.user?.id === id) throw new HttpError(409, 'conflict', 'you cannot remove yourself; ask another admin');
    await ctx.state.users.remove(access.workspace.id, id);
    return reply.status(204).send();
  });
}
