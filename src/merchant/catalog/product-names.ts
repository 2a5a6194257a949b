import type { Locale, Product } from '../../db/schema.ts';

/** The product's name in the reader's language. */
export function productName(product: Pick<Product, 'name_it' | 'name_en'>, locale: Locale): string {
  return locale === 'en' ? product.name_en : product.name_it;
}
