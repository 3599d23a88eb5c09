"""Sequential or flooding FTPS logins with Python's ftplib (AUTH TLS, USER, PASS, QUIT), for the login benchmarks.

  ftps-logins.py rate HOST PORT USER PASSWORD COUNT      -> prints logins per second (every login must succeed)
  ftps-logins.py flood HOST PORT USER PASSWORD WORKERS STOP-FILE
      -> WORKERS threads, each from its own loopback address (127.0.1.N), log in with PASSWORD over and over until
         STOP-FILE exists; prints the attempts made and how many were answered
"""
import ftplib
import os
import ssl
import sys
import threading
import time


def context():
    tls = ssl.create_default_context()
    tls.check_hostname = False
    tls.verify_mode = ssl.CERT_NONE
    return tls


# One context for every login: making one loads the system's CA store, which would cost more than a cached login.
CONTEXT = context()


def login(host, port, user, password, source=None):
    ftp = ftplib.FTP_TLS(context=CONTEXT, timeout=30, source_address=(source, 0) if source else None)
    try:
        ftp.connect(host, port)
        ftp.auth()
        ftp.login(user, password)
        ftp.quit()
        return True
    except ftplib.error_perm:
        return False
    finally:
        ftp.close()


def rate(host, port, user, password, count):
    start = time.monotonic()
    for _ in range(count):
        if not login(host, port, user, password):
            sys.exit("a correct login failed")
    print(f"{count / (time.monotonic() - start):.1f}")


def flood(host, port, user, password, workers, stop_file):
    attempts = [0] * workers
    answered = [0] * workers

    def worker(index):
        while not os.path.exists(stop_file):
            attempts[index] += 1
            try:
                login(host, port, user, password, source=f"127.0.1.{index + 1}")
                answered[index] += 1
            except (OSError, EOFError, ftplib.Error):
                pass

    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print(f"{sum(attempts)} {sum(answered)}")


if __name__ == "__main__":
    mode, host, port, user, password = sys.argv[1:6]
    if mode == "rate":
        rate(host, int(port), user, password, int(sys.argv[6]))
    else:
        flood(host, int(port), user, password, int(sys.argv[6]), sys.argv[7])
