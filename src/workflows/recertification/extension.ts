import { extendedDueDate, extensionEligibility, type CivilDate } from '../../domain/index';
import { refuse } from '../refusals';
import { requireCycleOpen, type CycleMessage } from './run-context';

/** requestExtensionUpdate: once per cycle, in writing, with half the credits, before the due date. */
export const extensionRequest: CycleMessage<{ request: string; months: number }, { until: CivilDate }> = {
  check: (ctx, { request, months }) => {
    const s = ctx.state;
    requireCycleOpen(ctx);
    if (s.extension) refuse('AlreadyExtended', `An extension was already granted, until ${s.extension.until}.`);
    if (s.submission)
      refuse('AlreadySubmitted', 'Your recertification is submitted: no extension is needed while staff determine it.');
    const max = ctx.policy.recertification.extensionMaxMonths;
    if (!Number.isInteger(months) || months < 1 || months > max)
      refuse('InvalidExtension', `An extension is 1 to ${max} whole months.`);
    const inWriting = typeof request === 'string' && request.trim().length >= 20;
    const check = extensionEligibility(
      { cycle: s.cycle!, entries: s.entries, requestedAt: new Date().toISOString(), inWriting },
      ctx.policy,
    );
    const why: string[] = [];
    if (check.refusals.includes('not-in-writing'))
      why.push('Write your request (at least a sentence saying why you need more time).');
    if (check.refusals.includes('not-enough-credits'))
      why.push(
        `An extension needs at least half the credits: ${check.minimumHours} hours reported; you have ${check.countedHours}.`,
      );
    if (check.refusals.includes('after-due-date'))
      why.push(`The due date ${s.cycle!.dueDate} has passed: an extension must be requested by then.`);
    if (why.length > 0) refuse('ExtensionRefused', why.join(' '));
  },
  act: (ctx, { request, months }) => {
    const s = ctx.state;
    const until: CivilDate = extendedDueDate(s.cycle!.dueDate, months, ctx.policy);
    s.extension = { requestedAt: new Date().toISOString(), months, until, request: request.trim() };
    ctx.email(`c${s.cycle!.cycleNumber}:extension`, {
      kind: 'recert-extension-granted',
      until,
      dueDate: s.cycle!.dueDate,
    });
    ctx.changed();
    return { until };
  },
};
