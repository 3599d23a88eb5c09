"""Logs in with paramiko after a refused first attempt, the way its users retry; prints how long the login took.

Usage: paramiko_auth.py PORT USER SCENARIO A B
SCENARIO: passwords (A wrong password, B right one) | keys (A unknown key file, B authorized key file)
          | client (SSHClient.connect with key_filename=A, not authorized, and password=B)
paramiko sends SERVICE_REQUEST ssh-userauth before every method; a server that does not answer the second one
leaves it waiting for its auth timeout, 20 s here, so a login that succeeds at all did not wait for it.
"""
import socket
import sys
import time

import paramiko

AUTH_TIMEOUT = 20
port, user, scenario, first, second = sys.argv[1:6]
started = time.monotonic()
if scenario == "client":
    client = paramiko.SSHClient()
    client.set_missing_host_key_policy(paramiko.AutoAddPolicy())
    client.connect("127.0.0.1", int(port), username=user, password=second, key_filename=first,
                   look_for_keys=False, allow_agent=False, timeout=30, auth_timeout=AUTH_TIMEOUT)
    authenticated = client.get_transport().is_authenticated()
    client.close()
else:
    transport = paramiko.Transport(socket.create_connection(("127.0.0.1", int(port)), timeout=30))
    transport.auth_timeout = AUTH_TIMEOUT
    transport.start_client(timeout=30)
    try:
        if scenario == "passwords":
            transport.auth_password(user, first)
        else:
            transport.auth_publickey(user, paramiko.Ed25519Key.from_private_key_file(first))
        print("first attempt accepted", flush=True)
    except paramiko.AuthenticationException as refused:
        print("first attempt refused:", refused, flush=True)
    if scenario == "passwords":
        transport.auth_password(user, second)
    else:
        transport.auth_publickey(user, paramiko.Ed25519Key.from_private_key_file(second))
    authenticated = transport.is_authenticated()
    transport.close()
print(f"logged in: {authenticated} after {time.monotonic() - started:.2f} s", flush=True)
