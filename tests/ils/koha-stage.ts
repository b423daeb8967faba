// What every Koha connector test starts from: the stand-in Koha (checking each request against
// Koha's own swagger), a library set up to reach it, a selector, and one patron's suggestion of
// a book they want held, approved and waiting for the outbox.
import { sql } from 'drizzle-orm';
import { ilsMapSchema } from '../../src/domain/ils-map.js';
import { type Harness, harness } from '../api/harness.js';
import { type KohaStandIn, kohaStandIn } from '../support/ils-standins.js';

export interface KohaStage {
  koha: KohaStandIn;
  h: Harness;
  selector: string;
  titleId: number;
  /** the selector moves the title */
  move(status: string): Promise<Response>;
  /** the title's row in ils_records */
  record(): Promise<Record<string, unknown> | undefined>;
  /** the title's status here */
  status(): Promise<string>;
  /** closes both, and says whether the stand-in refused anything we sent */
  close(): Promise<KohaStandIn['refused']>;
}

export async function kohaStage(settings: Record<string, string>, map: unknown): Promise<KohaStage> {
  const koha = await kohaStandIn();
  koha.patrons.set('ana', 51);
  const h = await harness(
    {
      ILS: 'koha',
      ILS_URL: koha.url,
      ILS_USERNAME: 'r2b',
      ILS_PASSWORD: 'secret',
      ILS_TIMEOUT_MS: '400',
      LIBRARY_CURRENCY: 'USD',
      ...settings,
    },
    { ilsMap: ilsMapSchema.parse(map) },
  );
  const selector = await h.token('selector', { externalId: 'priya' });
  const ana = await h.patronToken('ana', { email: 'ana@example.edu' });
  const res = await h.call('POST', '/api/v1/suggestions', {
    token: ana,
    body: { isbn: '0132350882', reason: 'for my thesis', wantsHold: true },
  });
  const titleId: number = (await res.json()).title.id;
  const move = (status: string) =>
    h.call('POST', `/api/v1/titles/${titleId}/status`, { token: selector, body: { status } });
  const approved = await move('approved');
  if (approved.status !== 200) throw new Error(`the title was not approved: ${await approved.text()}`);
  return {
    koha,
    h,
    selector,
    titleId,
    move,
    record: () => h.db.orm.get<Record<string, unknown>>(sql`SELECT * FROM ils_records WHERE title_id = ${titleId}`),
    status: async () =>
      (await h.db.orm.get<{ status: string }>(sql`SELECT status FROM titles WHERE id = ${titleId}`))!.status,
    close: async () => {
      h.close();
      await koha.close();
      return koha.refused;
    },
  };
}
