"""Holds many idle logged-in sessions open against one server and times one more login while they are held.

FTPS: AUTH TLS, USER, PASS, then nothing. SFTP (asyncssh): key login and the sftp subsystem open, then nothing.
After opening them it prints "held N" and waits for a line on stdin; "login" times one new login of the same kind
and prints "login SECONDS"; end of input closes everything.

Usage: idle_sessions.py ftps|sftp HOST PORT USER SECRET COUNT [PARALLEL]
(SECRET is the password for ftps and the private key file for sftp)
"""
import asyncio
import ssl
import sys
import time


def tls_context():
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


# One context for every session: making one loads the CA store (tens of ms and about 1 MiB each), which made the
# client, not the server, the limit at a few hundred sessions per minute.
TLS_CONTEXT = tls_context()


async def ftps_login(host, port, user, password):
    reader, writer = await asyncio.open_connection(host, port)

    async def reply():
        line = await reader.readline()
        code = line[:3]
        while line[3:4] == b"-":
            line = await reader.readline()
            while not line.startswith(code + b" "):
                line = await reader.readline()
        if not line:
            raise ConnectionError("connection closed")
        return line

    async def command(text, expected):
        writer.write(text.encode() + b"\r\n")
        await writer.drain()
        line = await reply()
        if not line.startswith(expected):
            raise ConnectionError(f"{text.split()[0]}: {line!r}")

    await reply()
    await command("AUTH TLS", b"234")
    await writer.start_tls(TLS_CONTEXT)
    await command("USER " + user, b"331")
    await command("PASS " + password, b"230")
    return writer


KEYS = {}


async def sftp_login(host, port, user, key):
    import asyncssh

    if key not in KEYS:
        KEYS[key] = asyncssh.read_private_key(key)
    connection = await asyncssh.connect(
        host, port, username=user, client_keys=[KEYS[key]], known_hosts=None, agent_path=None, preferred_auth="publickey")
    client = await connection.start_sftp_client()
    return connection, client


async def main():
    kind, host, port, user, secret, count = sys.argv[1:7]
    # Below the listeners' default MaxStartupsPerAddress (10): more logins in flight from one address are refused.
    parallel = int(sys.argv[7]) if len(sys.argv) > 7 else 8
    login = ftps_login if kind == "ftps" else sftp_login
    held = []
    gate = asyncio.Semaphore(parallel)
    failures = 0

    async def open_one():
        nonlocal failures
        async with gate:
            try:
                held.append(await login(host, int(port), user, secret))
            except Exception as error:
                failures += 1
                if failures <= 3:
                    print(f"login failed: {error!r}", file=sys.stderr, flush=True)

    await asyncio.gather(*(open_one() for _ in range(int(count))))
    print(f"held {len(held)} failed {failures}", flush=True)
    loop = asyncio.get_running_loop()
    while True:
        line = await loop.run_in_executor(None, sys.stdin.readline)
        if not line:
            break
        if line.strip() == "login":
            start = time.perf_counter()
            try:
                held.append(await login(host, int(port), user, secret))
                print(f"login {time.perf_counter() - start:.3f}", flush=True)
            except Exception as error:
                print(f"login failed:{error!r}", flush=True)
    for session in held:
        (session[0] if isinstance(session, tuple) else session).close()


if __name__ == "__main__":
    asyncio.run(main())
