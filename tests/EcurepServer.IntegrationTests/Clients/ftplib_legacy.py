"""Uploads one file as an old client does: 8-bit (Latin-1) command lines, OPTS UTF8 OFF and TYPE L 8
(RFC 1123 4.1.2.1), over Python's ftplib.FTP_TLS (AUTH TLS, PROT P, PASV) with its data connection resuming the
control connection's TLS session, as the server requires.

Usage: ftplib_legacy.py HOST PORT USER PASSWORD LOCAL_FILE REMOTE_PATH
"""
import ssl
import sys

from ftplib_upload import ReusingFTP_TLS


def main():
    host, port, user, password, local, remote = sys.argv[1:7]
    context = ssl.create_default_context()
    # The test server's certificate is self-signed.
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    with ReusingFTP_TLS(context=context, timeout=60, encoding="latin-1") as ftp:
        ftp.connect(host, int(port))
        ftp.login(user, password)
        ftp.prot_p()
        print(ftp.sendcmd("OPTS UTF8 OFF"))
        print(ftp.sendcmd("TYPE L 8"))
        # Not storbinary: it would send TYPE I first.
        with open(local, "rb") as source, ftp.transfercmd("STOR " + remote) as connection:
            while block := source.read(64 * 1024):
                connection.sendall(block)
            connection.unwrap()
        print(ftp.voidresp())
        ftp.quit()


if __name__ == "__main__":
    main()
