// Reads a /metrics page in the Prometheus text format, as a scraper does, and sums its samples.

export interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

const line = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)$/;
const label = /(\w+)="((?:[^"\\]|\\.)*)"/g;

export function parseMetrics(text: string): Sample[] {
  return text
    .split('\n')
    .filter((row) => row !== '' && !row.startsWith('#'))
    .map((row) => {
      const [, name, labels = '', value] = line.exec(row) ?? [];
      if (name === undefined || value === undefined) throw new Error(`not a sample: ${row}`);
      return {
        name,
        labels: Object.fromEntries([...labels.matchAll(label)].map(([, key, v]) => [key!, v!])),
        value: Number(value),
      };
    });
}

export interface Scrape {
  readonly samples: readonly Sample[];
  /** The sum of a metric's samples whose labels include `labels`; 0 when there are none. */
  sum(name: string, labels?: Readonly<Record<string, string>>): number;
  /** The samples of a metric. */
  of(name: string): Sample[];
}

export async function scrape(url: string, headers: Record<string, string> = {}): Promise<Scrape> {
  const response = await fetch(`${url}/metrics`, { headers });
  if (response.status !== 200) throw new Error(`GET ${url}/metrics: ${response.status}`);
  const samples = parseMetrics(await response.text());
  const of = (name: string) => samples.filter((sample) => sample.name === name);
  return {
    samples,
    of,
    sum: (name, labels = {}) =>
      of(name)
        .filter((sample) => Object.entries(labels).every(([key, value]) => sample.labels[key] === value))
        .reduce((total, sample) => total + sample.value, 0),
  };
}
