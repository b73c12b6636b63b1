/*
 * Calendar days in UTC, the time zone of the web-hosting month end: seed 002
 * names none. A day is a whole number of days since 1970-01-01.
 */

const DAY_MS = 86_400_000;

const DATE =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2}))?$/;
const MONTH = /^(\d{4})-(\d{2})$/;

function utcMs(year: number, month: number, day: number): number {
  // setUTCFullYear, unlike Date.UTC, keeps years 0–99 as given.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date.getTime();
}

function daysIn(year: number, month: number): number {
  return new Date(utcMs(year, month + 1, 0)).getUTCDate();
}

/**
 * The UTC calendar day of a `Date`, of an ISO 8601 date (`"2024-05-31"`, that
 * day) or of a date and time with `Z` or an offset
 * (`"2024-05-31T22:00:00-05:00"`, here 2024-06-01); null for anything else,
 * such as a date and time without a zone, which names no single day.
 */
export function utcDayOrNull(value: unknown): number | null {
  if (value instanceof Date) {
    const t = value.getTime();
    // Years 0000–9999, the years a date string can write.
    return t >= utcMs(0, 1, 1) && t < utcMs(10000, 1, 1) ? Math.floor(t / DAY_MS) : null;
  }
  if (typeof value !== 'string') return null;
  const m = DATE.exec(value);
  if (m === null) return null;
  const [, y, mo, d, h, mi, s = '0', frac = '', zone] = m;
  const [year, month, day] = [Number(y), Number(mo), Number(d)];
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return null;
  const midnight = utcMs(year, month, day);
  if (h === undefined) return Math.floor(midnight / DAY_MS);
  const [hour, minute, second] = [Number(h), Number(mi), Number(s)];
  if (hour > 23 || minute > 59 || second > 59) return null;
  let offset = 0;
  if (zone !== 'Z') {
    const [oh, om] = [Number(zone!.slice(1, 3)), Number(zone!.slice(4))];
    if (oh > 23 || om > 59) return null;
    offset = (zone!.startsWith('-') ? -1 : 1) * (oh * 60 + om) * 60_000;
  }
  const ms = Number(frac.padEnd(3, '0').slice(0, 3));
  const t = midnight + ((hour * 60 + minute) * 60 + second) * 1000 + ms - offset;
  return Math.floor(t / DAY_MS);
}

/** The first and last UTC day of a month written `"YYYY-MM"`, or null. */
export function monthDaysOrNull(value: unknown): { first: number; last: number } | null {
  if (typeof value !== 'string') return null;
  const m = MONTH.exec(value);
  if (m === null) return null;
  const [year, month] = [Number(m[1]), Number(m[2])];
  if (month < 1 || month > 12) return null;
  const first = utcMs(year, month, 1) / DAY_MS;
  return { first, last: first + daysIn(year, month) - 1 };
}

/** A day as `"YYYY-MM-DD"`. */
export function dayString(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}
