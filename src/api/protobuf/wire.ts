/**
 * The protobuf wire format, reduced to what Kubernetes objects use: varints,
 * length-delimited fields and (skipped only) fixed32/fixed64.
 *
 * The reader never reads past its buffer: every truncation or malformed tag becomes
 * a BadRequest, so a hostile body cannot crash the apiserver or make it allocate.
 */
import { badRequest } from '../errors.js';

/** Protobuf wire types; groups (3, 4) are deprecated and never produced by Kubernetes. */
export const WireType = { Varint: 0, Fixed64: 1, Bytes: 2, Fixed32: 5 } as const;

/** A wire type redkube understands. */
export type WireTypeCode = (typeof WireType)[keyof typeof WireType];

/** A field key: the field number and how its value is laid out. */
export interface Tag {
  field: number;
  wireType: number;
}

/** A varint is at most 10 bytes (64 bits, 7 per byte). */
const MAX_VARINT_BYTES = 10;

/** Sequential reader over one message's bytes; child messages get their own reader. */
export class WireReader {
  private pos = 0;
  constructor(private readonly buf: Uint8Array) {}

  /** True once every byte was consumed, i.e. the message ended exactly at a field boundary. */
  done(): boolean {
    return this.pos >= this.buf.length;
  }

  /** Reads a varint as an unsigned 64-bit value; BigInt keeps negative int32/int64 exact. */
  varint(): bigint {
    let value = 0n;
    for (let i = 0; i < MAX_VARINT_BYTES; i++) {
      if (this.pos >= this.buf.length) throw badRequest(`protobuf body is truncated: varint at byte ${this.pos}`);
      const byte = this.buf[this.pos++];
      value |= BigInt(byte & 0x7f) << BigInt(7 * i);
      if (byte < 0x80) return BigInt.asUintN(64, value);
    }
    throw badRequest(`protobuf body is malformed: varint longer than ${MAX_VARINT_BYTES} bytes at byte ${this.pos}`);
  }

  /** Reads a field key; field number 0 and group wire types are malformed. */
  tag(): Tag {
    const key = this.varint();
    const field = Number(key >> 3n);
    const wireType = Number(key & 7n);
    if (field === 0 || field > 0x1fffffff) throw badRequest(`protobuf body is malformed: invalid field number ${field}`);
    return { field, wireType };
  }

  /** Reads a length-delimited value as a view into the buffer (no copy). */
  bytes(): Uint8Array {
    const len = this.varint();
    if (len > BigInt(this.buf.length - this.pos)) {
      throw badRequest(`protobuf body is truncated: ${len} bytes announced at byte ${this.pos}, ${this.buf.length - this.pos} left`);
    }
    const start = this.pos;
    this.pos += Number(len);
    return this.buf.subarray(start, this.pos);
  }

  /** Skips a value of a field the schema does not know, so newer clients still decode. */
  skip(wireType: number): void {
    switch (wireType) {
      case WireType.Varint:
        this.varint();
        return;
      case WireType.Bytes:
        this.bytes();
        return;
      case WireType.Fixed64:
        this.advance(8);
        return;
      case WireType.Fixed32:
        this.advance(4);
        return;
      default:
        throw badRequest(`protobuf body is malformed: unsupported wire type ${wireType} at byte ${this.pos}`);
    }
  }

  private advance(n: number): void {
    if (this.pos + n > this.buf.length) throw badRequest(`protobuf body is truncated: ${n} fixed bytes at byte ${this.pos}`);
    this.pos += n;
  }
}

/** Appends fields to a growing list of chunks; `finish` joins them once. */
export class WireWriter {
  private readonly chunks: Uint8Array[] = [];

  /** Writes a field key. */
  tag(field: number, wireType: WireTypeCode): this {
    return this.varint((field << 3) | wireType);
  }

  /** Writes a varint; negative numbers are sign-extended to 64 bits as protobuf int32/int64 require. */
  varint(value: number | bigint): this {
    let v = BigInt.asUintN(64, BigInt(value));
    const out: number[] = [];
    while (v >= 0x80n) {
      out.push(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    out.push(Number(v));
    this.chunks.push(Uint8Array.from(out));
    return this;
  }

  /** Writes a length-delimited value (string bytes, bytes, or an encoded child message). */
  bytes(value: Uint8Array): this {
    this.varint(value.length);
    this.chunks.push(value);
    return this;
  }

  /** The encoded message. */
  finish(): Uint8Array {
    return Buffer.concat(this.chunks);
  }
}
