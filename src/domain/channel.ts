/**
 * Channels: the medium of a touchpoint. Open-ended strings; these are the ones Waymark knows by default.
 */

export const DEFAULT_CHANNELS = ['ads', 'web', 'email', 'social', 'store', 'phone', 'sms', 'app', 'chat', 'support', 'survey'] as const;

/** Segment's `channel` field names the library, not the medium: map it to a medium when nothing better is known. */
export function channelFromLibrary(libraryChannel: string | null): string | null {
  switch (libraryChannel) {
    case 'browser':
      return 'web';
    case 'mobile':
      return 'app';
    case 'server':
    case null:
      return null;
    default:
      return libraryChannel.toLowerCase();
  }
}
