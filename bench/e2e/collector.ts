// A minimal OTLP/HTTP (JSON) trace receiver: the swarm's processes export their spans here
// (OTEL_EXPORTER_OTLP_TRACES_ENDPOINT), and the benchmark reads the hops from them.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CollectedSpan {
  readonly name: string;
  readonly startMs: number;
  readonly durationMs: number;
  readonly attributes: Readonly<Record<string, string | number>>;
}

interface OtlpValue {
  stringValue?: string;
  intValue?: string | number;
  doubleValue?: number;
}
interface OtlpSpan {
  name: string;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes?: { key: string; value: OtlpValue }[];
}
interface OtlpExport {
  resourceSpans?: { scopeSpans?: { spans?: OtlpSpan[] }[] }[];
}

const valueOf = ({ stringValue, intValue, doubleValue }: OtlpValue): string | number =>
  stringValue ?? (intValue !== undefined ? Number(intValue) : (doubleValue ?? ''));

const nanosToMs = (nanos: string): number => Number(BigInt(nanos) / 1000n) / 1000;

function spansOf(body: OtlpExport): CollectedSpan[] {
  return (body.resourceSpans ?? []).flatMap(({ scopeSpans }) =>
    (scopeSpans ?? []).flatMap(({ spans }) =>
      (spans ?? []).map((span) => {
        const startMs = nanosToMs(span.startTimeUnixNano);
        return {
          name: span.name,
          startMs,
          durationMs: nanosToMs(span.endTimeUnixNano) - startMs,
          attributes: Object.fromEntries(
            (span.attributes ?? []).map(({ key, value }) => [key, valueOf(value)]),
          ),
        };
      }),
    ),
  );
}

export interface SpanCollector {
  /** The endpoint to export traces to. */
  readonly url: string;
  readonly spans: CollectedSpan[];
  close(): Promise<void>;
}

export async function startSpanCollector(): Promise<SpanCollector> {
  const spans: CollectedSpan[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      try {
        spans.push(...spansOf(JSON.parse(Buffer.concat(chunks).toString()) as OtlpExport));
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      } catch {
        response.writeHead(400).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1/traces`,
    spans,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
