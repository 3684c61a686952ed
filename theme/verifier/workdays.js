// China's official working days (portal/workdays.py): Monday to Friday, less the public holidays, plus the make-up
// working days (调休), from the table the signed trust list publishes (`calendar`). A day the table does not cover
// is not known to be a working day or not: counts say how many are certain and whether every day was covered.

import { isDate } from './dates.js';

const DAY = 86400000;
const iso = (ms) => new Date(ms).toISOString().slice(0, 10);

/**
 * The published table, checked (WorkCalendar.of_data); null if it is not one (the lists then cannot be trusted).
 * @param {any} data trust.json's `calendar`
 */
export function workCalendar(data) {
  const lists = [data?.holidays, data?.workdays];
  if (!lists.every(Array.isArray) || !isDate(data.from) || !isDate(data.to) || data.from > data.to) return null;
  const days = lists.flat();
  if (!days.every((day) => isDate(day) && data.from <= day && day <= data.to)) return null;
  return { first: data.from, last: data.to, holidays: new Set(data.holidays), workdays: new Set(data.workdays) };
}

/** Is a covered day (UTC midnight, in ms) a working day? */
function isWorking(calendar, ms) {
  const day = iso(ms);
  if (calendar.workdays.has(day)) return true;
  const weekday = new Date(ms).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !calendar.holidays.has(day);
}

/** Working days after `issued` up to and including `day`: {days: certain ones, complete: every day covered}. */
export function workingDaysAfter(calendar, issued, day) {
  const start = Date.parse(`${issued}T00:00:00Z`);
  const span = Math.round((Date.parse(`${day}T00:00:00Z`) - start) / DAY);
  let days = 0;
  let complete = true;
  for (let n = 1; n <= span; n++) {
    const ms = start + n * DAY;
    const text = iso(ms);
    if (calendar.first <= text && text <= calendar.last) days += isWorking(calendar, ms) ? 1 : 0;
    else complete = false;
  }
  return { days, complete };
}
