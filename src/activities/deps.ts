import type { Db } from '../db/database';
import type { Mailer } from '../email/transport';

/** Everything activities reach outside the workflow: wired once in main-worker. */
export interface ActivityDeps {
  db: Db;
  mailer: Mailer;
  links: { secret: string; baseUrl: string; ttlDays: number };
  /** Injected so tests can pin time; activities may read the clock, workflows may not. */
  now?: () => Date;
}
