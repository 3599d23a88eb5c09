"""Sends a file to 127.0.0.1:port with sendfile and prints its own CPU seconds (user, system).
   sender.py port file"""
import resource
import socket
import sys

with socket.create_connection(("127.0.0.1", int(sys.argv[1]))) as connection, open(sys.argv[2], "rb") as f:
    before = resource.getrusage(resource.RUSAGE_SELF)
    connection.sendfile(f)
    connection.shutdown(socket.SHUT_WR)
    after = resource.getrusage(resource.RUSAGE_SELF)
print(f"{after.ru_utime - before.ru_utime:.3f} {after.ru_stime - before.ru_stime:.3f}")
