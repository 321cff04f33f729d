#!/usr/bin/env python3
"""Resident memory of `tmc lsp` under a long run of edits, the figure of
docs/lsp.md's "Memory" table: a model of bench/gen.py's (100 elements by
default) is opened, then changed EDITS times as fast as the server reads,
each change followed by a hover and a completion at a random place; the
server's resident memory is read (Linux, /proc) 2 s (--quiet) after the last answer,
and its peak. Prints one line of figures; asserts nothing.

    bench/lsp-memory.py target/release/tmc 10000 [--elements 100] [--seed 7]

Each change is the whole text with one element's description rewritten,
or, one time in eight, a line of it cut (text that does not compile), so
both clean and broken compiles come and go.
"""

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def send(proc, message):
    body = json.dumps(message).encode()
    proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    proc.stdin.flush()


def reader(proc, answers):
    """Reads the server's messages; counts the answers to requests."""
    out = proc.stdout
    while True:
        line = out.readline()
        if not line:
            return
        length = 0
        while line not in (b"\r\n", b"\n", b""):
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
            line = out.readline()
        body = out.read(length)
        if len(body) < length:
            return
        message = json.loads(body)
        if "id" in message and "method" not in message:
            with answers["lock"]:
                answers["n"] = max(answers["n"], message["id"])


def status(pid, field):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith(field + ":"):
                return line.split(":")[1].strip()
    return "?"


def main():
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("tmc")
    args.add_argument("edits", type=int)
    args.add_argument("--elements", type=int, default=100)
    args.add_argument("--seed", type=int, default=7)
    args.add_argument("--quiet", type=float, default=2, help="seconds to wait before reading")
    a = args.parse_args()
    rng = random.Random(a.seed)
    folder = tempfile.mkdtemp(prefix="tmc-lsp-memory-")
    path = os.path.join(folder, "m.tm")
    subprocess.run([sys.executable, os.path.join(HERE, "gen.py"), str(a.elements), "-o", path], check=True)
    text = open(path).read()
    lines = text.split("\n")
    described = [i for i, l in enumerate(lines) if l.strip().startswith("description =")]
    uri = "file://" + path
    proc = subprocess.Popen([a.tmc, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=None if os.environ.get("TMC_SHOW_STDERR") else subprocess.DEVNULL)
    answers = {"n": 0, "lock": threading.Lock()}
    threading.Thread(target=reader, args=(proc, answers), daemon=True).start()
    send(proc, {"jsonrpc": "2.0", "id": 1, "method": "initialize",
                "params": {"processId": None, "rootUri": None, "capabilities": {},
                           "initializationOptions": {"showFindings": True}}})
    send(proc, {"jsonrpc": "2.0", "method": "initialized", "params": {}})
    send(proc, {"jsonrpc": "2.0", "method": "textDocument/didOpen",
                "params": {"textDocument": {"uri": uri, "languageId": "tm", "version": 1, "text": text}}})
    next_id = 2
    for n in range(a.edits):
        changed = list(lines)
        if n % 8 == 7:
            del changed[rng.randrange(len(changed))]
        else:
            i = rng.choice(described)
            changed[i] = '  description = "edit %d"' % n
        send(proc, {"jsonrpc": "2.0", "method": "textDocument/didChange",
                    "params": {"textDocument": {"uri": uri, "version": n + 2},
                               "contentChanges": [{"text": "\n".join(changed)}]}})
        for method in ("textDocument/hover", "textDocument/completion"):
            line = rng.randrange(len(changed))
            position = {"line": line, "character": rng.randrange(len(changed[line]) + 1)}
            send(proc, {"jsonrpc": "2.0", "id": next_id, "method": method,
                        "params": {"textDocument": {"uri": uri}, "position": position}})
            next_id += 1
    # Every request answered, then the quiet the server gives memory back in.
    while True:
        with answers["lock"]:
            if answers["n"] >= next_id - 1:
                break
        if proc.poll() is not None:
            sys.exit("tmc lsp exited early")
        time.sleep(0.05)
    time.sleep(a.quiet)
    print("%d edits of a %d-element model: resident %s, peak %s"
          % (a.edits, a.elements, status(proc.pid, "VmRSS"), status(proc.pid, "VmHWM")))
    send(proc, {"jsonrpc": "2.0", "id": next_id, "method": "shutdown"})
    send(proc, {"jsonrpc": "2.0", "method": "exit"})
    proc.wait(timeout=30)


if __name__ == "__main__":
    main()
