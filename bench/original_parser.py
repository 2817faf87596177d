#!/usr/bin/env python3
"""A VE.Direct text-mode parser in the style of the Python script this project replaces, for comparison.

Written for this benchmark from shared/docs/vedirect-protocol.md (sections 3.1 to 3.3), not taken from
any other project: a state machine stepped once per byte in pure Python, one dict of str per block, as
such scripts do. It is deliberately not optimised (no bytes.split, no regular expressions), because the
figure that matters is what a byte-at-a-time Python loop costs on the same hardware.

    python3 bench/original_parser.py CAPTURE:EXPECTED_BLOCKS [...] [--min-seconds 1] [--rounds 3] [--json]
    python3 bench/original_parser.py --lines FILE

With --lines it does what `java -jar vedirect-logger.jar decode FILE` does, the way such a script would:
reads FILE, prints one compact JSON object per valid block (labels in wire order, values as sent, no
Checksum) with json.dumps, and the block count on standard error. bench/decode-vs-python.sh times the
two side by side.

Each capture is first parsed once to check the block count; then it is parsed again and again from
memory, a fresh parser per pass, until a round has lasted at least --min-seconds; the median round gives
MB/s (MB = 10^6 bytes). A wrong count is an error (exit 1): a parser that finds fewer blocks would post
a flattering figure.
"""

import argparse
import json
import statistics
import sys
import time

CR, LF, TAB, COLON = 0x0D, 0x0A, 0x09, 0x3A
CHECKSUM_LABEL = b"Checksum"


class TextParser:
    HEX, IDLE, RECORD_BEGIN, KEY, VALUE, CHECKSUM = range(6)

    def __init__(self):
        self.state = self.IDLE
        self.state_before_hex = self.IDLE
        self.key = bytearray()
        self.value = bytearray()
        self.fields = {}
        self.total = 0
        self.blocks = 0
        self.bad_checksums = 0

    def feed(self, data, on_block=None):
        for byte in data:
            block = self.step(byte)
            if block is not None:
                self.blocks += 1
                if on_block is not None:
                    on_block(block)

    def step(self, byte):
        """One byte in; the block's dict out when this byte was a valid checksum byte, else None."""
        state = self.state
        # A HEX frame can start anywhere except where the protocol says the next byte is a checksum, and
        # its bytes are not part of the text block's sum; the text resumes where it was.
        if state == self.HEX:
            if byte == LF:
                self.state = self.state_before_hex
            return None
        if byte == COLON and state != self.CHECKSUM:
            self.state_before_hex = state
            self.state = self.HEX
            return None

        if state == self.IDLE:
            # The sum starts at the CR of the CR LF that opens the block's first field.
            if byte == CR:
                self.total = CR
            elif byte == LF and self.total == CR:
                self.total += LF
                self.state = self.RECORD_BEGIN
            else:
                self.total = 0
            return None

        self.total = (self.total + byte) & 0xFF
        if state == self.RECORD_BEGIN:
            if byte == CR or byte == LF:
                return None
            self.key = bytearray((byte,))
            self.state = self.KEY
        elif state == self.KEY:
            if byte == TAB:
                if self.key == CHECKSUM_LABEL:
                    self.state = self.CHECKSUM
                else:
                    self.value = bytearray()
                    self.state = self.VALUE
            else:
                self.key.append(byte)
        elif state == self.VALUE:
            if byte == CR:
                pass
            elif byte == LF:
                self.fields[self.key.decode("ascii", "replace")] = self.value.decode("ascii", "replace")
                self.state = self.RECORD_BEGIN
            else:
                self.value.append(byte)
        elif state == self.CHECKSUM:
            # Whatever this byte is (':', CR, LF...), it is the checksum: the block's bytes must sum to 0.
            block = self.fields
            valid = self.total == 0
            self.fields = {}
            self.total = 0
            self.state = self.IDLE
            if valid:
                return block
            self.bad_checksums += 1
        return None


def count_blocks(data):
    parser = TextParser()
    parser.feed(data)
    return parser.blocks


def one_round(data, expected, min_seconds):
    """Fresh parser per pass (the capture's end does not join its start), passes until min_seconds."""
    passes = 0
    blocks = 0
    start = time.perf_counter()
    while True:
        parser = TextParser()
        parser.feed(data)
        blocks += parser.blocks
        passes += 1
        elapsed = time.perf_counter() - start
        if elapsed >= min_seconds:
            break
    if blocks != expected * passes:
        raise SystemExit(f"original_parser.py: {blocks} blocks in {passes} passes, expected {expected * passes}")
    return passes, elapsed


def print_lines(path):
    """One JSON line per valid block on standard output, as a script logging the blocks would write them."""
    with open(path, "rb") as f:
        data = f.read()
    parser = TextParser()
    out = sys.stdout
    parser.feed(data, lambda block: out.write(json.dumps(block, separators=(",", ":")) + "\n"))
    out.flush()
    print(f"{path}: {parser.blocks} blocks from {len(data)} bytes; {parser.bad_checksums} checksum errors",
          file=sys.stderr)


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--lines":
        print_lines(sys.argv[2])
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("captures", nargs="+", metavar="CAPTURE:EXPECTED_BLOCKS")
    parser.add_argument("--min-seconds", type=float, default=1.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", action="store_true", help="one JSON object per capture on standard output")
    args = parser.parse_args()

    for spec in args.captures:
        path, _, expected_text = spec.rpartition(":")
        if not path or not expected_text.isdigit():
            raise SystemExit(f"original_parser.py: expected CAPTURE:EXPECTED_BLOCKS, got {spec!r}")
        expected = int(expected_text)
        with open(path, "rb") as f:
            data = f.read()
        found = count_blocks(data)
        if found != expected:
            raise SystemExit(f"original_parser.py: {path}: {found} blocks, expected {expected}")
        rates = []
        total_passes = 0
        for _ in range(args.rounds):
            passes, elapsed = one_round(data, expected, args.min_seconds)
            rates.append(len(data) * passes / elapsed / 1e6)
            total_passes += passes
        result = {
            "capture": path.rsplit("/", 1)[-1],
            "bytes": len(data),
            "blocks": found,
            "rounds": args.rounds,
            "passes": total_passes,
            "mb_per_s": statistics.median(rates),
            "mb_per_s_rounds": rates,
            "python": sys.version.split()[0],
        }
        if args.json:
            print(json.dumps(result), flush=True)
        else:
            print(f"{result['capture']}: {found} blocks per pass, {total_passes} passes in {args.rounds} rounds, "
                  f"median {result['mb_per_s']:.3f} MB/s ({', '.join(f'{r:.3f}' for r in rates)})", flush=True)


if __name__ == "__main__":
    main()
