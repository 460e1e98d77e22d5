/**
 * Northwind Outfitters' (small) product range: what the demo customers look at, search for and buy.
 */
import type { Rng } from './random.js';

export interface Product {
  product_id: string;
  sku: string;
  name: string;
  category: string;
  price: number;
  /** Site path of the product page. */
  path: string;
}

const RANGE: Record<string, Array<[name: string, price: number]>> = {
  footwear: [['Ridgeline GTX Hiking Boot', 189], ['Trailrunner 3', 139], ['Camp Slide', 45], ['Alpine Approach Shoe', 159], ['Merino Hiking Socks (3-pack)', 36]],
  apparel: [['Stormshell Rain Jacket', 229], ['Summit Fleece', 99], ['Trek Convertible Pants', 79], ['Base Layer Crew', 59], ['Packable Down Vest', 129]],
  camping: [['Basecamp 2P Tent', 349], ['Featherlite 20° Sleeping Bag', 279], ['Self-inflating Mat', 89], ['Titanium Cook Set', 69], ['Camp Chair Lite', 59]],
  accessories: [['Daypack 24L', 89], ['Trekking Poles (pair)', 99], ['Insulated Bottle 1L', 35], ['Headlamp 400', 49], ['Trail First-aid Kit', 29]],
  climbing: [['Crag Harness', 75], ['Dynamic Rope 60m', 199], ['Belay Device', 32], ['Climbing Shoes Edge', 149], ['Chalk Bag', 22]],
  electronics: [['GPS Trail Watch', 399], ['Solar Power Bank', 79], ['Satellite Messenger', 299], ['Rechargeable Lantern', 45]],
  eco: [['Recycled Down Jacket', 249], ['Bamboo Travel Towel', 29], ['Solar Lantern', 39], ['Organic Cotton Tee', 32], ['Repair Kit & Patches', 19]],
  travel: [['Carry-on Travel Pack 40L', 169], ['Packing Cubes Set', 39], ['Eco Travel Kit', 59], ['Travel Hammock', 65]],
  kids: [['Kids Rain Suit', 59], ['Kids Hiking Boot', 69], ['Junior Sleeping Bag', 79], ['Kids Daypack 12L', 39], ['Kids Fleece', 45]],
};

function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

const PRODUCTS: Record<string, Product[]> = Object.fromEntries(
  Object.entries(RANGE).map(([category, items]) => [
    category,
    items.map(([name, price], i) => ({ product_id: `${category.slice(0, 3)}-${101 + i}`, sku: `NW-${category.slice(0, 3).toUpperCase()}-${101 + i}`, name, category, price, path: `/products/${slug(name)}` })),
  ]),
);

const QUERIES: Record<string, string[]> = {
  footwear: ['waterproof hiking boots', 'trail running shoes', 'wide fit boots', 'merino socks'],
  apparel: ['rain jacket', 'fleece', 'gore-tex jacket women', 'hiking pants'],
  camping: ['2 person tent', 'sleeping bag 20 degree', 'camp stove', 'ultralight tent'],
  accessories: ['daypack', 'trekking poles', 'headlamp', 'water bottle'],
  climbing: ['harness', 'climbing shoes', 'rope 60m', 'belay device'],
  electronics: ['gps watch', 'power bank solar', 'satellite messenger'],
  eco: ['recycled jacket', 'sustainable', 'eco travel', 'organic cotton'],
  travel: ['carry on backpack', 'packing cubes', 'travel towel'],
  kids: ['kids rain jacket', 'kids boots', 'kids sleeping bag'],
};

export function drawProduct(rng: Rng, category: string): Product {
  return rng.pick(PRODUCTS[category] ?? (PRODUCTS['accessories'] as Product[]));
}

export function drawQuery(rng: Rng, category: string): string {
  return rng.pick(QUERIES[category] ?? ['gift card']);
}

