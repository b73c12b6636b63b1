/*
 * Wall-clock time in America/New_York, the vendor's time zone ("Eastern
 * Time USA"), through Intl alone: the runtime's time-zone data knows both
 * daylight-saving changes of every year.
 */

const TIME_ZONE = 'America/New_York';
/** One day of plain time, in ms. */
export const DAY = 86_400_000;

let format: Intl.DateTimeFormat | undefined;

/** The New York wall clock at instant `t`: year, month (1–12), day, hour, minute, second. */
export function newYorkWall(t: number): [number, number, number, number, number, number] {
  // Made on first use, so that nothing runs at import.
  format ??= new Intl.DateTimeFormat('en-US', {
    timeZone: TIME_ZONE,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  const parts: Record<string, number> = {};
  for (const part of format.formatToParts(t)) parts[part.type] = Number(part.value);
  return [parts.year!, parts.month!, parts.day!, parts.hour!, parts.minute!, parts.second!];
}

/** New York's offset from UTC at instant `t`, in ms (−5 h in winter, −4 h in summer). */
function offsetAt(t: number): number {
  const [y, mo, d, h, mi, s] = newYorkWall(t);
  return utc(y, mo, d, h, mi, s) - (t - (((t % 1000) + 1000) % 1000));
}

function utc(y: number, mo: number, d: number, h = 0, mi = 0, s = 0): number {
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  date.setUTCHours(h, mi, s, 0);
  return date.getTime();
}

/**
 * The instant when New York's wall clock shows the given time. Days and
 * hours may overflow (`day + 1`). A wall time the spring change skips
 * (02:30 on that Sunday) lands an hour early; midnight, 09:00 and 23:00
 * exist every day, since the clocks change at 02:00.
 */
export function fromNewYork(y: number, mo: number, d: number, h = 0, mi = 0, s = 0): number {
  const wall = utc(y, mo, d, h, mi, s);
  // Two passes: the offset at the first guess may be the other side of a change.
  const guess = wall - offsetAt(wall);
  return wall - offsetAt(guess);
}

/** `t` moved by `days` calendar days in New York, at the same wall-clock time. */
export function addNewYorkDays(t: number, days: number): number {
  const [y, mo, d, h, mi, s] = newYorkWall(t);
  return fromNewYork(y, mo, d + days, h, mi, s) + (((t % 1000) + 1000) % 1000);
}

/**
 * `t` moved by `years` calendar years in New York, at the same wall-clock
 * date and time; 29 February becomes 28 February in a year without one.
 */
export function addNewYorkYears(t: number, years: number): number {
  const [y, mo, d, h, mi, s] = newYorkWall(t);
  const year = y + years;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const day = mo === 2 && d === 29 && !leap ? 28 : d;
  return fromNewYork(year, mo, day, h, mi, s) + (((t % 1000) + 1000) % 1000);
}

/** The New York month of instant `t` as `[year, month]`. */
export function newYorkMonth(t: number): [number, number] {
  const [y, mo] = newYorkWall(t);
  return [y, mo];
}
