// The in-process log on disk, so an embedded installation outlives its process. Under one
// directory (locked by one process at a time):
//
//   topics/<topic>/topic.json              the topic's spec
//   topics/<topic>/<partition>/<base>.seg  append-only segments of framed records, named by the
//                                          offset of their first record
//   commits.log                            a journal: one frame per append, its batch number and
//                                          the group offsets it commits
//   commits.json                           the journal folded: committed group offsets and the
//                                          last batch, rewritten on open and when the journal grows
//
// Every append is one batch: its records go to their partitions' segments, then one journal frame
// commits them together with any group offsets (a transaction's). A batch is visible after a
// restart only if its journal frame is complete; the records of a batch cut short (the process
// killed mid-write) are the tail of their segments and are cut off on open, so a restart sees each
// append whole or not at all, like a transaction. Frames carry a CRC-32.
//
// Writes are synchronous and done before the append returns: they are in the operating system's
// page cache, which outlives a killed process. A machine crash or power cut may lose the latest
// batches unless `fsync` is on (each batch then waits for the disk).
import {
  closeSync,
  existsSync,
  fsyncSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  truncateSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import type { ConsumedRecord, TopicSpec } from '../port.ts';
import { lockDirectory } from './dir-lock.ts';

export interface GroupOffset {
  readonly groupId: string;
  readonly topic: string;
  readonly partition: number;
  readonly offset: bigint;
}

export interface DiskLogOptions {
  readonly dir: string;
  /** fsync every batch before the append returns: survives a machine crash, at the disk's pace. */
  readonly fsync?: boolean;
  /** A partition's segment is rolled once it would grow past this many bytes (default 64 MiB). */
  readonly segmentBytes?: number;
  /** The journal is folded into commits.json once it grows past this many bytes (default 8 MiB). */
  readonly journalBytes?: number;
}

export interface LoadedLog {
  readonly topics: readonly { readonly spec: TopicSpec; readonly partitions: ConsumedRecord[][] }[];
  readonly offsets: readonly GroupOffset[];
}

const HEADER = 8; // u32 payload length, u32 CRC-32 of the payload
const SEGMENT = /^(\d{20})\.seg$/;
const TOPIC_FILE = 'topic.json';
const JOURNAL = 'commits.log';
const SNAPSHOT = 'commits.json';

class Writer {
  private readonly parts: Buffer[] = [];
  private readonly fixed = Buffer.alloc(8);

  u32(value: number): this {
    this.fixed.writeUInt32LE(value, 0);
    this.parts.push(Buffer.from(this.fixed.subarray(0, 4)));
    return this;
  }

  u64(value: bigint): this {
    this.fixed.writeBigUInt64LE(value, 0);
    this.parts.push(Buffer.from(this.fixed));
    return this;
  }

  f64(value: number): this {
    this.fixed.writeDoubleLE(value, 0);
    this.parts.push(Buffer.from(this.fixed));
    return this;
  }

  /** Length-prefixed bytes; null as length 0xffffffff. */
  bytes(value: Buffer | null): this {
    if (value === null) return this.u32(0xffffffff);
    this.u32(value.length);
    this.parts.push(value);
    return this;
  }

  text(value: string): this {
    return this.bytes(Buffer.from(value, 'utf8'));
  }

  frame(): Buffer {
    const payload = Buffer.concat(this.parts);
    const header = Buffer.alloc(HEADER);
    header.writeUInt32LE(payload.length, 0);
    header.writeUInt32LE(crc32(payload), 4);
    return Buffer.concat([header, payload]);
  }
}

class Reader {
  private at = 0;
  constructor(private readonly buffer: Buffer) {}

  u32(): number {
    const value = this.buffer.readUInt32LE(this.at);
    this.at += 4;
    return value;
  }

  u64(): bigint {
    const value = this.buffer.readBigUInt64LE(this.at);
    this.at += 8;
    return value;
  }

  f64(): number {
    const value = this.buffer.readDoubleLE(this.at);
    this.at += 8;
    return value;
  }

  bytes(): Buffer | null {
    const length = this.u32();
    if (length === 0xffffffff) return null;
    if (this.at + length > this.buffer.length) throw new RangeError('field past the end of its frame');
    const value = this.buffer.subarray(this.at, this.at + length);
    this.at += length;
    return value;
  }

  text(): string {
    return (this.bytes() ?? Buffer.alloc(0)).toString('utf8');
  }

  get done(): boolean {
    return this.at === this.buffer.length;
  }
}

/** The complete frames of a file, and where the first incomplete or damaged one starts. */
function framesOf(buffer: Buffer): { frames: { start: number; payload: Buffer }[]; validEnd: number } {
  const frames: { start: number; payload: Buffer }[] = [];
  let at = 0;
  while (at + HEADER <= buffer.length) {
    const length = buffer.readUInt32LE(at);
    const end = at + HEADER + length;
    if (end > buffer.length) break;
    const payload = buffer.subarray(at + HEADER, end);
    if (crc32(payload) !== buffer.readUInt32LE(at + 4)) break;
    frames.push({ start: at, payload });
    at = end;
  }
  return { frames, validEnd: at };
}

function recordFrame(batch: bigint, record: ConsumedRecord): Buffer {
  const writer = new Writer()
    .u64(batch)
    .u64(BigInt(record.offset))
    .f64(record.timestamp)
    .bytes(record.key)
    .bytes(record.value);
  const headers = Object.entries(record.headers);
  writer.u32(headers.length);
  for (const [name, value] of headers) writer.text(name).bytes(value);
  return writer.frame();
}

function readRecord(
  payload: Buffer,
  topic: string,
  partition: number,
): { batch: bigint; record: ConsumedRecord } {
  const reader = new Reader(payload);
  const batch = reader.u64();
  const offset = reader.u64();
  const timestamp = reader.f64();
  const key = reader.bytes();
  const value = reader.bytes();
  const headers: Record<string, Buffer> = {};
  for (let count = reader.u32(); count > 0; count -= 1)
    headers[reader.text()] = reader.bytes() ?? Buffer.alloc(0);
  if (!reader.done) throw new RangeError('bytes after the record');
  return { batch, record: { topic, partition, offset: offset.toString(), timestamp, key, value, headers } };
}

function journalFrame(batch: bigint, offsets: readonly GroupOffset[]): Buffer {
  const writer = new Writer().u64(batch).u32(offsets.length);
  for (const o of offsets) writer.text(o.groupId).text(o.topic).u32(o.partition).u64(o.offset);
  return writer.frame();
}

function readJournal(payload: Buffer): { batch: bigint; offsets: GroupOffset[] } {
  const reader = new Reader(payload);
  const batch = reader.u64();
  const offsets: GroupOffset[] = [];
  for (let count = reader.u32(); count > 0; count -= 1)
    offsets.push({
      groupId: reader.text(),
      topic: reader.text(),
      partition: reader.u32(),
      offset: reader.u64(),
    });
  return { batch, offsets };
}

const offsetKey = (groupId: string, topic: string, partition: number) =>
  `${groupId}\u0000${topic}\u0000${partition}`;

function topicDirName(topic: string): string {
  if (topic === '' || topic === '.' || topic === '..')
    throw new Error(`invalid topic name ${JSON.stringify(topic)}`);
  return encodeURIComponent(topic);
}

const segmentName = (base: bigint) => `${base.toString().padStart(20, '0')}.seg`;

function writeAll(fd: number, buffer: Buffer): void {
  for (let at = 0; at < buffer.length;) at += writeSync(fd, buffer, at, buffer.length - at);
}

function syncDirectory(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

interface Partition {
  readonly dir: string;
  /** The offset the next record takes. */
  end: bigint;
  /** The segment appended to: its file, size, and descriptor once opened. */
  segment: { path: string; size: number; fd?: number } | null;
}

/** Loads, then appends to, the log under one directory. */
export class DiskLog {
  private readonly partitions = new Map<string, Partition>();
  private readonly offsets = new Map<string, GroupOffset>();
  private readonly fsync: boolean;
  private readonly segmentBytes: number;
  private readonly journalBytes: number;
  private journal: { fd: number; size: number };
  private lastBatch = 0n;
  private failed: Error | undefined;
  private closed = false;

  private constructor(
    readonly dir: string,
    options: DiskLogOptions,
    private readonly release: () => void,
  ) {
    this.fsync = options.fsync ?? false;
    this.segmentBytes = options.segmentBytes ?? 64 * 1024 * 1024;
    this.journalBytes = options.journalBytes ?? 8 * 1024 * 1024;
    this.journal = { fd: -1, size: 0 };
  }

  /** Takes the directory (created if absent) and reads back every batch that was committed in it. */
  static open(options: DiskLogOptions): { disk: DiskLog; loaded: LoadedLog } {
    mkdirSync(join(options.dir, 'topics'), { recursive: true, mode: 0o700 });
    const release = lockDirectory(options.dir);
    const disk = new DiskLog(options.dir, options, release);
    try {
      return { disk, loaded: disk.load() };
    } catch (error) {
      disk.close();
      throw error;
    }
  }

  createTopic(spec: TopicSpec): void {
    this.writable();
    const dir = join(this.dir, 'topics', topicDirName(spec.topic));
    for (let partition = 0; partition < spec.partitions; partition += 1) {
      mkdirSync(join(dir, String(partition)), { recursive: true, mode: 0o700 });
      this.partitions.set(`${spec.topic}/${partition}`, {
        dir: join(dir, String(partition)),
        end: 0n,
        segment: null,
      });
    }
    const file = join(dir, TOPIC_FILE);
    writeFileSync(`${file}.tmp`, JSON.stringify(spec));
    if (this.fsync) this.syncFile(`${file}.tmp`);
    renameSync(`${file}.tmp`, file); // the topic exists once its spec does, never half-made
    if (this.fsync) {
      syncDirectory(dir);
      syncDirectory(join(this.dir, 'topics'));
    }
  }

  /**
   * Writes one batch: `records` (placed, with their offsets) and the group offsets committed with
   * them. Throws when the disk refuses; the log then takes no more writes (a restart cuts off
   * whatever part of the batch reached the disk).
   */
  write(records: readonly ConsumedRecord[], offsets: readonly GroupOffset[]): void {
    this.writable();
    try {
      const batch = this.lastBatch + 1n;
      const byPartition = new Map<string, ConsumedRecord[]>();
      for (const record of records) {
        const key = `${record.topic}/${record.partition}`;
        const placed = byPartition.get(key);
        if (placed) placed.push(record);
        else byPartition.set(key, [record]);
      }
      const touched: number[] = [];
      for (const [key, placed] of byPartition) {
        const partition = this.partitions.get(key);
        if (!partition) throw new Error(`no partition ${key} on disk`);
        if (BigInt(placed[0]!.offset) !== partition.end)
          throw new Error(`${key}: offset ${placed[0]!.offset} written at end ${partition.end}`);
        const bytes = Buffer.concat(placed.map((record) => recordFrame(batch, record)));
        const fd = this.segmentFor(partition, bytes.length);
        writeAll(fd, bytes);
        partition.segment!.size += bytes.length;
        partition.end += BigInt(placed.length);
        touched.push(fd);
      }
      if (this.fsync) for (const fd of touched) fsyncSync(fd);
      const frame = journalFrame(batch, offsets);
      writeAll(this.journal.fd, frame); // the commit point
      if (this.fsync) fsyncSync(this.journal.fd);
      this.journal.size += frame.length;
      this.lastBatch = batch;
      for (const o of offsets) this.offsets.set(offsetKey(o.groupId, o.topic, o.partition), o);
      if (this.journal.size > this.journalBytes) this.fold();
    } catch (error) {
      this.failed = error as Error;
      throw error;
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const { segment } of this.partitions.values()) {
      if (segment?.fd !== undefined) closeSync(segment.fd);
    }
    if (this.journal.fd >= 0) closeSync(this.journal.fd);
    this.release();
  }

  private writable(): void {
    if (this.closed) throw new Error(`the log in ${this.dir} is closed`);
    if (this.failed) throw new Error(`the log in ${this.dir} failed to write: ${this.failed.message}`);
  }

  /** The descriptor to append `bytes` more to, rolling to a new segment when the active one is full. */
  private segmentFor(partition: Partition, bytes: number): number {
    let segment = partition.segment;
    if (segment && segment.size > 0 && segment.size + bytes > this.segmentBytes) {
      if (segment.fd !== undefined) {
        if (this.fsync) fsyncSync(segment.fd);
        closeSync(segment.fd);
      }
      segment = null;
    }
    if (!segment) {
      segment = { path: join(partition.dir, segmentName(partition.end)), size: 0 };
      partition.segment = segment;
    }
    if (segment.fd === undefined) {
      const created = !existsSync(segment.path);
      segment.fd = openSync(segment.path, 'a', 0o600);
      if (created && this.fsync) syncDirectory(partition.dir);
    }
    return segment.fd;
  }

  private syncFile(path: string): void {
    const fd = openSync(path, 'r+');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }

  private load(): LoadedLog {
    const snapshotPath = join(this.dir, SNAPSHOT);
    if (existsSync(snapshotPath)) {
      const snapshot = JSON.parse(readFileSync(snapshotPath, 'utf8')) as {
        lastBatch: string;
        offsets: [string, string, number, string][];
      };
      this.lastBatch = BigInt(snapshot.lastBatch);
      for (const [groupId, topic, partition, offset] of snapshot.offsets)
        this.offsets.set(offsetKey(groupId, topic, partition), {
          groupId,
          topic,
          partition,
          offset: BigInt(offset),
        });
    }
    const journalPath = join(this.dir, JOURNAL);
    if (existsSync(journalPath)) {
      // A frame cut short is the batch whose append never returned: it is not committed.
      for (const { payload } of framesOf(readFileSync(journalPath)).frames) {
        const { batch, offsets } = readJournal(payload);
        if (batch > this.lastBatch) this.lastBatch = batch;
        for (const o of offsets) this.offsets.set(offsetKey(o.groupId, o.topic, o.partition), o);
      }
    }
    const topics = this.loadTopics();
    // Offsets past a partition's end (its tail lost in a machine crash without fsync) point at its end.
    for (const [key, o] of this.offsets) {
      const partition = this.partitions.get(`${o.topic}/${o.partition}`);
      if (partition && o.offset > partition.end) this.offsets.set(key, { ...o, offset: partition.end });
    }
    this.journal = { fd: openSync(journalPath, 'a', 0o600), size: statSync(journalPath).size };
    this.fold();
    return { topics, offsets: [...this.offsets.values()] };
  }

  private loadTopics(): LoadedLog['topics'] {
    const root = join(this.dir, 'topics');
    const topics: { spec: TopicSpec; partitions: ConsumedRecord[][] }[] = [];
    for (const name of readdirSync(root).sort()) {
      const file = join(root, name, TOPIC_FILE);
      if (!existsSync(file)) continue; // a topic whose creation was cut short
      const spec = JSON.parse(readFileSync(file, 'utf8')) as TopicSpec;
      const partitions = Array.from({ length: spec.partitions }, (_, partition) =>
        this.loadPartition(spec.topic, partition, join(root, name, String(partition))),
      );
      topics.push({ spec, partitions });
    }
    return topics;
  }

  /** A partition's committed records; an uncommitted or damaged tail is cut off its segments. */
  private loadPartition(topic: string, partition: number, dir: string): ConsumedRecord[] {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const files = readdirSync(dir)
      .filter((file) => SEGMENT.test(file))
      .sort();
    const records: ConsumedRecord[] = [];
    let end = 0n;
    let segment: Partition['segment'] = null;
    let cut = false;
    for (const file of files) {
      const path = join(dir, file);
      if (cut) {
        unlinkSync(path); // after a cut, every later segment is the same lost tail
        continue;
      }
      if (BigInt(SEGMENT.exec(file)![1]!) !== end)
        throw new Error(`${path}: a segment is missing before it (the log ends at offset ${end})`);
      const buffer = readFileSync(path);
      const { frames, validEnd } = framesOf(buffer);
      let keep = validEnd;
      for (const { start, payload } of frames) {
        const { batch, record } = readRecord(payload, topic, partition);
        if (batch > this.lastBatch || BigInt(record.offset) !== end) {
          keep = start;
          break;
        }
        records.push(record);
        end += 1n;
      }
      if (keep < buffer.length) {
        truncateSync(path, keep);
        cut = true;
      }
      segment = { path, size: keep };
    }
    this.partitions.set(`${topic}/${partition}`, { dir, end, segment });
    return records;
  }

  /** Folds the journal into commits.json (written whole, then renamed over) and empties it. */
  private fold(): void {
    const path = join(this.dir, SNAPSHOT);
    const snapshot = {
      lastBatch: this.lastBatch.toString(),
      offsets: [...this.offsets.values()].map((o) => [o.groupId, o.topic, o.partition, o.offset.toString()]),
    };
    writeFileSync(`${path}.tmp`, JSON.stringify(snapshot), { mode: 0o600 });
    if (this.fsync) this.syncFile(`${path}.tmp`);
    renameSync(`${path}.tmp`, path);
    if (this.fsync) syncDirectory(this.dir);
    // A crash before this leaves both: the journal then replays over the snapshot, to the same state.
    ftruncateSync(this.journal.fd, 0);
    this.journal.size = 0;
  }
}
