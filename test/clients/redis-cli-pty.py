"""Drives redis-cli's interactive mode through a pseudo-terminal (Python's pty, no extra install).

usage: redis-cli-pty.py PORT COMMAND EXPECTED [COMMAND EXPECTED ...]
Types each command, waits until EXPECTED appears in the new output (10 s at most), and prints the
whole transcript. Exits 1 when an expectation is not met.
"""
import fcntl, os, pty, select, struct, sys, termios, time

port, pairs = sys.argv[1], sys.argv[2:]
pid, fd = pty.fork()
if pid == 0:
    os.execvp('redis-cli', ['redis-cli', '-p', port])
# A window size, so linenoise reads it with ioctl instead of probing with cursor queries.
fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack('HHHH', 40, 200, 0, 0))

out = b''

def pump_until(needle, timeout=10.0):
    global out
    start = len(out)
    deadline = time.time() + timeout
    while time.time() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.05)
        if not ready:
            continue
        try:
            data = os.read(fd, 65536)
        except OSError:
            return needle in out[start:]
        if not data:
            break
        out += data
        if needle in out[start:]:
            return True
    return needle in out[start:]

ok = pump_until(('127.0.0.1:%s> ' % port).encode())
for i in range(0, len(pairs), 2):
    if not ok:
        break
    os.write(fd, pairs[i].encode() + b'\r')
    # Then wait for the next prompt: linenoise flushes input typed before it is shown.
    ok = pump_until(pairs[i + 1].encode()) and (out.endswith(b'> ') or pump_until(b'> '))
os.write(fd, b'quit\r')
pump_until(b'\x00', 1.0)
try:
    os.kill(pid, 9)
except ProcessLookupError:
    pass
sys.stdout.write(out.decode('utf8', 'replace'))
sys.exit(0 if ok else 1)
