import {
  checkReschedule,
  compareCivilDates,
  longDate,
  isTestDateInWindow,
  windowCalendar,
  windowLabel,
} from '../../domain/index';
import { refuse } from '../refusals';
import type { AppointmentReport, ApplicationStatus, RescheduleRequest } from './contract';
import type { CaseMessage } from './case-messages';
import { requireStage, text, todayNy, validDate } from './checks';
import { email, moveTo, nowIso, publishSearchAttributes } from './effects';
import { acts, vendor } from './ports';
import type { Appointment, LifecycleState } from './state';
import { statusOf } from './status';

export function checkAppointment(s: LifecycleState, r: AppointmentReport, now: string): void {
  requireStage(s, ['scheduling', 'scheduled'], 'reporting an appointment');
  const examDate = validDate(r?.examDate, 'examDate');
  if (!text(r.site, 200)) refuse('InvalidRequest', 'Give the test site of the appointment.');
  if (r.source !== 'candidate' && r.source !== 'vendor')
    refuse('InvalidRequest', 'source must be "candidate" or "vendor".');
  if (r.startsAt !== undefined && (typeof r.startsAt !== 'string' || Number.isNaN(Date.parse(r.startsAt))))
    refuse('InvalidRequest', 'startsAt must be an ISO date-time.');
  const a = s.appointment;
  if (a && r.source === 'candidate' && (a.examDate !== examDate || a.site !== r.site)) {
    refuse(
      'AppointmentRefused',
      `You already have an appointment on ${longDate(a.examDate)} at ${a.site}; to change it, request a reschedule.`,
    );
  }
  const cal = windowCalendar(s.windowId, s.policy);
  // docs/architecture.md: the appointment "must lie inside the window".
  if (!isTestDateInWindow(s.windowId, examDate, s.policy)) {
    refuse(
      'AppointmentRefused',
      `${longDate(examDate)} is outside the ${cal.label} window (${longDate(cal.start)} to ${longDate(cal.end)}).`,
    );
  }
  if (compareCivilDates(examDate, todayNy(now)) < 0)
    refuse('AppointmentRefused', `${longDate(examDate)} has already passed.`);
}

function sameAppointment(a: Appointment | undefined, r: { examDate: string; site: string }): boolean {
  return a !== undefined && a.examDate === r.examDate && a.site === r.site;
}

async function setAppointment(
  s: LifecycleState,
  r: { examDate: string; site: string; startsAt?: string },
  source: Appointment['source'],
): Promise<Appointment> {
  const appointment: Appointment = {
    seq: ++s.appointmentSeq,
    examDate: r.examDate,
    site: r.site,
    source,
    reportedAt: nowIso(),
    ...(r.startsAt ? { startsAt: r.startsAt } : {}),
  };
  s.appointment = appointment;
  s.epoch++;
  publishSearchAttributes(s);
  await acts.recordAppointment({
    applicationId: s.input.applicationId,
    examDate: r.examDate,
    site: r.site,
    startsAt: r.startsAt ?? null,
  });
  return appointment;
}

async function reportAppointment(s: LifecycleState, r: AppointmentReport): Promise<void> {
  if (sameAppointment(s.appointment, r)) return; // the vendor's webhook may repeat itself
  const previous = s.appointment;
  const seat = await vendor.reserveSeat({ applicationId: s.input.applicationId, site: r.site, examDate: r.examDate });
  // The vendor's own report is the truth about its booking; a candidate's report must match a free seat.
  if (!seat.ok && r.source === 'candidate')
    refuse('SeatUnavailable', `${seat.message} Check the appointment with the test vendor.`);
  if (previous)
    await vendor.releaseSeat({
      applicationId: s.input.applicationId,
      site: previous.site,
      examDate: previous.examDate,
    });
  const a = await setAppointment(s, r, r.source);
  await email(
    s,
    { kind: 'appointment-confirmed', examDate: a.examDate, site: a.site, startsAt: a.startsAt, windowId: s.windowId },
    `appointment-confirmed:${a.seq}`,
  );
  if (s.stage !== 'scheduled') await moveTo(s, 'scheduled');
}

/** `reportAppointmentUpdate`: the candidate's page, or the vendor's webhook, reports the booking made with the vendor. */
export const appointmentReport: CaseMessage<AppointmentReport, ApplicationStatus> = {
  check: checkAppointment,
  act: async (s, r) => {
    await reportAppointment(s, r);
    return statusOf(s);
  },
};

export function checkRescheduleRequest(s: LifecycleState, r: RescheduleRequest, now: string): void {
  requireStage(s, ['scheduled'], 'a reschedule');
  const examDate = validDate(r?.examDate, 'examDate');
  if (!text(r.site, 200)) refuse('InvalidRequest', 'Give the test site of the new appointment.');
  const a = s.appointment!;
  if (a.examDate === examDate && a.site === r.site)
    refuse('RescheduleRefused', `Your appointment is already on ${longDate(examDate)} at ${r.site}.`);
  // FAQ: "you may still move your test date to another day within the current testing period … based on seating availability".
  const check = checkReschedule({ windowId: s.windowId, newExamDate: examDate, requestedAt: now }, s.policy);
  if (!check.allowed) {
    const label = windowLabel(s.windowId);
    refuse(
      'RescheduleRefused',
      compareCivilDates(examDate, check.windowStart) < 0 || compareCivilDates(examDate, check.windowEnd) > 0
        ? `${longDate(examDate)} is outside the ${label} window (${longDate(check.windowStart)} to ${longDate(check.windowEnd)}); to test in a later window, request a transfer.`
        : `${longDate(examDate)} has already passed.`,
    );
  }
}

async function reschedule(s: LifecycleState, r: RescheduleRequest): Promise<void> {
  const previous = s.appointment!;
  const seat = await vendor.reserveSeat({ applicationId: s.input.applicationId, site: r.site, examDate: r.examDate });
  // FAQ: rescheduling inside the window "is based on seating availability".
  if (!seat.ok) {
    const why = seat.reason === 'full' ? `No seat is available at ${r.site} on ${longDate(r.examDate)}.` : seat.message;
    refuse(
      'SeatUnavailable',
      `${why} Choose another day or site inside the window; your appointment on ${longDate(previous.examDate)} stands.`,
    );
  }
  await vendor.releaseSeat({ applicationId: s.input.applicationId, site: previous.site, examDate: previous.examDate });
  const a = await setAppointment(s, r, 'candidate');
  await email(
    s,
    {
      kind: 'appointment-rescheduled',
      examDate: a.examDate,
      site: a.site,
      previousExamDate: previous.examDate,
      windowId: s.windowId,
    },
    `appointment-rescheduled:${a.seq}`,
  );
}

/** `rescheduleUpdate`: another day or site inside the same window, if the vendor has a seat. */
export const rescheduleRequest: CaseMessage<RescheduleRequest, ApplicationStatus> = {
  check: checkRescheduleRequest,
  act: async (s, r) => {
    await reschedule(s, r);
    return statusOf(s);
  },
};
