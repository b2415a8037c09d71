"""Drives redis-cli's interactive mode through a pseudo-terminal (Python's pty, no extra install).

usage: redis-cli-pty.py PORT COMMAND EXPECTED [COMMAND EXPECTED ...]
Types each command, waits until EXPECTED appears in the new output (10 s at most), and prints the
whole transcript. Exits 1 when an expectation is not met.
"""
import fcntl, os, pty, re, select, struct, sys, termios, time

port, pairs = sys.argv[1], sys.argv[2:]
pid, fd = pty.fork()
if pid == 0:
    # A window size before redis-cli starts, so linenoise reads it with ioctl instead of probing
    # with cursor queries, which would swallow typed input (set from the parent, it raced).
    fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack('HHHH', 40, 200, 0, 0))
    os.execvp('redis-cli', ['redis-cli', '-p', port])

out = b''
# A fresh prompt: at the start of a line and the last thing written. The echo of a line being
# typed also contains "> ", so matching that alone would type the next command too early, and
# linenoise discards input typed before its prompt is shown.
FRESH_PROMPT = re.compile(rb'(^|\n)127\.0\.0\.1:\d+(\[\d+\])?> $')


def pump_until(done, timeout=10.0):
    """Reads output until done(new_output) is true; returns whether it became true in time."""
    global out
    start = len(out)
    deadline = time.time() + timeout
    while not done(out[start:]) and time.time() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.05)
        if not ready:
            continue
        try:
            data = os.read(fd, 65536)
        except OSError:
            break
        if not data:
            break
        out += data
    return done(out[start:])


def fresh_prompt(new):
    return FRESH_PROMPT.search(new) is not None


ok = pump_until(fresh_prompt)
for i in range(0, len(pairs), 2):
    if not ok:
        break
    os.write(fd, pairs[i].encode() + b'\r')
    expected = pairs[i + 1].encode()
    ok = pump_until(lambda new: expected in new and fresh_prompt(new[new.index(expected):]))
os.write(fd, b'quit\r')
pump_until(lambda new: False, 1.0)
try:
    os.kill(pid, 9)
except ProcessLookupError:
    pass
sys.stdout.write(out.decode('utf8', 'replace'))
sys.exit(0 if ok else 1)
