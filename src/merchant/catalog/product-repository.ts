import type { Insertable, Kysely, Transaction } from 'kysely';
import type { MerchantDatabase, Product, ProductsTable } from '../../db/schema.ts';

type Db = Kysely<MerchantDatabase> | Transaction<MerchantDatabase>;

export async function findProduct(db: Db, code: string): Promise<Product | undefined> {
  return db.selectFrom('products').selectAll().where('code', '=', code).executeTakeFirst();
}

export async function listProducts(db: Db): Promise<Product[]> {
  return db.selectFrom('products').selectAll().orderBy('code').execute();
}

/** Inserts the product or leaves an existing one with the same code untouched. */
export async function insertProductIfMissing(db: Db, product: Insertable<ProductsTable>): Promise<void> {
  await db
    .insertInto('products')
    .values(product)
    .onConflict((oc) => oc.column('code').doNothing())
    .execute();
}
