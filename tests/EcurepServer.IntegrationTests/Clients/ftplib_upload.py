"""Uploads one file with Python's ftplib.FTP_TLS (AUTH TLS, PROT P, PASV), as a script of a customer would.

Usage: ftplib_upload.py HOST PORT USER PASSWORD LOCAL_FILE REMOTE_PATH
"""
import ftplib
import ssl
import sys


def main():
    host, port, user, password, local, remote = sys.argv[1:7]
    context = ssl.create_default_context()
    # The test server's certificate is self-signed.
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    with ftplib.FTP_TLS(context=context, timeout=60) as ftp:
        ftp.connect(host, int(port))
        ftp.login(user, password)
        ftp.prot_p()
        with open(local, "rb") as source:
            reply = ftp.storbinary("STOR " + remote, source, blocksize=256 * 1024)
        print(reply)
        ftp.quit()


if __name__ == "__main__":
    main()
