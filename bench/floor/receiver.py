"""The least a receiver can do: accepts one TCP connection on loopback and reads it 256 KiB at a time, writing each
piece to a file (or, with --discard, nowhere). Prints its own CPU seconds (user, system) and the bytes received.
   receiver.py port-file out-file|--discard"""
import os
import resource
import socket
import sys

CHUNK = 256 * 1024

listener = socket.socket()
listener.bind(("127.0.0.1", 0))
listener.listen(1)
with open(sys.argv[1] + ".tmp", "w") as f:
    f.write(str(listener.getsockname()[1]))
os.rename(sys.argv[1] + ".tmp", sys.argv[1])
connection, _ = listener.accept()
buffer = bytearray(CHUNK)
view = memoryview(buffer)
discard = sys.argv[2] == "--discard"
fd = -1 if discard else os.open(sys.argv[2], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
before = resource.getrusage(resource.RUSAGE_SELF)
total = 0
while True:
    n = connection.recv_into(buffer)
    if n == 0:
        break
    total += n
    if fd >= 0:
        written = 0
        while written < n:
            written += os.write(fd, view[written:n])
if fd >= 0:
    os.fsync(fd)
    os.close(fd)
after = resource.getrusage(resource.RUSAGE_SELF)
print(f"{after.ru_utime - before.ru_utime:.3f} {after.ru_stime - before.ru_stime:.3f} {total}")
