"""Sends text with line breaks and terminal escapes where an SSH client controls it: a user name before login, then,
logged in anonymously, an exec command (which the server refuses).

Usage: paramiko_hostile_text.py HOST PORT USER_NAME COMMAND (run with Debian's /usr/bin/python3)
"""
import sys

import paramiko

host, port, user, command = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
transport = paramiko.Transport((host, port))
transport.start_client(timeout=30)
try:
    transport.auth_password(user, "not-the-password")
except paramiko.AuthenticationException:
    print("user name refused", flush=True)
transport.close()

transport = paramiko.Transport((host, port))
transport.connect(username="anonymous", password="tester@example.com")
channel = transport.open_session()
channel.exec_command(command)
print("exec exit status", channel.recv_exit_status(), flush=True)
transport.close()
