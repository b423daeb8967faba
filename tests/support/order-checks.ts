// Two readers of order files that are not ours: YAZ's MARC validator (yaz-marcdump, the
// toolkit Koha and Evergreen use for Z39.50), and FOLIO's own JSON schemas for purchase orders
// (folio-org/acq-models, in ../shared/data/ils-specs), checked with ajv.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { Ajv, type ValidateFunction } from 'ajv';

// yaz-marcdump -v prints each record's leader values, directory and fields in these lines;
// anything else it prints is a complaint ("Directory offset 24: Data out of bounds 7132 >= 459",
// "Base address not at end of directory"), and it says them with exit code 0.
const DUMP_LINES = [
  /^$/,
  /^Record length +\d+$/,
  /^(?:Indicator|Identifier) length +\d$/,
  /^Base address +\d+$/,
  /^Length (?:data entry|starting|implementation) +\d$/,
  /^Directory offset \d+: Tag [0-9A-Za-z]{3}, length \d{4}, starting \d{5}$/,
  /^Tag: [0-9A-Za-z]{3}\. Directory offset \d+: data-length \d+, data-offset \d+$/,
  /^(?:sub|control)field:(?: [0-9A-F]{2})*(?: \.\.)?$/,
];

/**
 * What yaz-marcdump -n -v says of a file (ISO 2709, or MARCXML with -i marcxml): its exit code,
 * every complaint, and the records it read. YAZ says nothing of XML it cannot read as MARC, so
 * a MARCXML file it read no record from is refused by its count.
 */
export async function yazCheck(
  bytes: Buffer,
  format: 'marc' | 'marcxml' = 'marc',
): Promise<{ code: number; warnings: string[]; records: number }> {
  const file = join(mkdtempSync(join(tmpdir(), 'r2b-yaz-')), format === 'marc' ? 'orders.mrc' : 'record.xml');
  writeFileSync(file, bytes);
  const args = [...(format === 'marcxml' ? ['-i', 'marcxml'] : []), '-n', '-v', file];
  const { code, output } = await promisify(execFile)('yaz-marcdump', args, { encoding: 'utf8' })
    .then(({ stdout, stderr }) => ({ code: 0, output: stdout + stderr }))
    .catch((error: { code: number; stdout: string; stderr: string }) => ({
      code: error.code,
      output: error.stdout + error.stderr,
    }));
  const lines = output.split('\n');
  return {
    code,
    warnings: lines.filter((line) => !DUMP_LINES.some((ok) => ok.test(line))),
    // From MARCXML YAZ prints no record length, which it works out only when writing ISO 2709.
    records: lines.filter((line) => line.startsWith(format === 'marc' ? 'Record length' : 'Indicator length')).length,
  };
}

const SPECS = new URL('../../../shared/data/ils-specs/', import.meta.url);

/**
 * FOLIO's schemas, each under its own file URL so their relative $refs resolve. They are JSON
 * Schema draft 4, which ajv reads as it reads later drafts once draft 4's "id" (later "$id")
 * and the $schema line are gone: they use no other keyword that later drafts changed.
 */
export function folioSchemas(): { poLine: ValidateFunction; compositeOrder: ValidateFunction } {
  // FOLIO's dates are ISO 8601 date-times ("2027-01-15T00:00:00.000+00:00").
  const dateTime = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)$/;
  const ajv = new Ajv({ strict: false, allErrors: true, formats: { 'date-time': dateTime } });
  for (const folder of ['acq-models', 'raml-util']) {
    for (const path of filesUnder(new URL(`${folder}/`, SPECS).pathname)) {
      if (!/\.(json|schema)$/.test(path)) continue;
      const { $schema: _draft, ...schema } = withoutDraft4Ids(JSON.parse(readFileSync(path, 'utf8')));
      ajv.addSchema({ ...schema, $id: pathToFileURL(path).href });
    }
  }
  const schema = (path: string) => ajv.getSchema(new URL(path, SPECS).href)!;
  return {
    poLine: schema('acq-models/mod-orders-storage/schemas/po_line.json'),
    compositeOrder: schema('acq-models/mod-orders/schemas/composite_purchase_order.json'),
  };
}

/** Draft 4's "id" keyword is a string; a property named id (under "properties") is a schema. */
function withoutDraft4Ids(schema: unknown): Record<string, unknown> {
  if (Array.isArray(schema)) return schema.map(withoutDraft4Ids) as never;
  if (schema === null || typeof schema !== 'object') return schema as never;
  return Object.fromEntries(
    Object.entries(schema)
      .filter(([key, value]) => !(key === 'id' && typeof value === 'string'))
      .map(([key, value]) => [key, withoutDraft4Ids(value)]),
  );
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}
