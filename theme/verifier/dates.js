// Dates as the portal writes them: YYYY-MM-DD naming a real calendar day (portal/dates.py; 2023-02-30 is not one).

const DATE_SHAPE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;

/** @param {unknown} value @returns {boolean} */
export function isDate(value) {
  if (typeof value !== 'string' || !DATE_SHAPE.test(value)) return false;
  const [year, month, day] = value.split('-').map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  date.setUTCFullYear(year); // years 0-99 would otherwise map to 1900-1999
  return year >= 1 && date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}
