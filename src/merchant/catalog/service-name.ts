/**
 * Whether a service's label already names its product, so that "product + label" would say it twice: "SPID - Mario
 * Rossi" for SPID, "Fatturazione PA - P.IVA …" for Fatturazione Elettronica PA, "Firma Digitale Remota - …" for Firma
 * Digitale. It does when the label starts with the product's name, or with its first word as a whole word; a PEC
 * mailbox ("mario.rossi@pec.example.it") does not, and keeps "PEC" in front. Case and accents are ignored.
 *
 * The one rule for every place that names a service by product and label (email subjects and texts, order lines).
 */
export function labelNamesProduct(product: string, label: string): boolean {
  const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().trim();
  const name = fold(product);
  const text = fold(label);
  if (name === '' || text === '') return false;
  const startsWithWord = (word: string) => new RegExp(`^${escapeRegExp(word)}(?![\\p{L}\\p{N}])`, 'u').test(text);
  if (startsWithWord(name)) return true;
  const first = name.split(/\s+/)[0] ?? '';
  return first.length >= 3 && startsWithWord(first);
}

/** "PEC mario.rossi@pec.example.it", but "SPID - Mario Rossi" alone (see labelNamesProduct). */
export function serviceName(product: string, label: string, separator = ' '): string {
  return labelNamesProduct(product, label) ? label : `${product}${separator}${label}`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
