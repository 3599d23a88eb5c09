"""Uploads one file with Python's ftplib.FTP_TLS (AUTH TLS, PROT P, PASV), as a script of a customer would.

The data connections resume the control connection's TLS session (see ReusingFTP_TLS), which the server requires.

Usage: ftplib_upload.py HOST PORT USER PASSWORD LOCAL_FILE REMOTE_PATH [TIMEOUT_SECONDS]
"""
import ftplib
import ssl
import sys


class ReusingFTP_TLS(ftplib.FTP_TLS):
    """FTP_TLS whose data connections resume the control connection's TLS session (ftplib does not by default)."""

    def ntransfercmd(self, cmd, rest=None):
        conn, size = ftplib.FTP.ntransfercmd(self, cmd, rest)
        if self._prot_p:
            conn = self.context.wrap_socket(conn, server_hostname=self.host, session=self.sock.session)
        return conn, size


def main():
    host, port, user, password, local, remote = sys.argv[1:7]
    timeout = float(sys.argv[7]) if len(sys.argv) > 7 else 60
    context = ssl.create_default_context()
    # The test server's certificate is self-signed.
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    with ReusingFTP_TLS(context=context, timeout=timeout) as ftp:
        ftp.connect(host, int(port))
        ftp.login(user, password)
        ftp.prot_p()
        with open(local, "rb") as source:
            reply = ftp.storbinary("STOR " + remote, source, blocksize=256 * 1024)
        print(reply)
        ftp.quit()


if __name__ == "__main__":
    main()
