// The ILS connector the ILS setting names, or none.
import type { Deps } from '../../context.js';
import { almaConnector } from './alma.js';
import type { IlsConnector } from './connector.js';
import { folioConnector } from './folio.js';
import { kohaConnector } from './koha.js';
import { EMPTY_ILS_MAP } from '../../domain/ils-map.js';

export function ilsConnector(deps: Deps): IlsConnector | null {
  const { config } = deps;
  if (config.ILS === 'none') return null;
  const connectorDeps = { config, fetch: deps.fetch, clock: deps.clock, map: deps.ilsMap ?? EMPTY_ILS_MAP };
  if (config.ILS === 'koha') return kohaConnector(connectorDeps);
  if (config.ILS === 'folio') return folioConnector(connectorDeps);
  return almaConnector(connectorDeps);
}
