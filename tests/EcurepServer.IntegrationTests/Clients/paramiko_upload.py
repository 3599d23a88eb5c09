"""Uploads a file with paramiko's SFTPClient.put, which STATs the remote file afterwards and checks its size.

Usage: paramiko_upload.py HOST PORT USER PASSWORD SOURCE REMOTE_PATH (run with Debian's /usr/bin/python3)
"""
import sys

import paramiko


def main() -> int:
    host, port, user, password, source, remote = sys.argv[1:7]
    transport = paramiko.Transport((host, int(port)))
    try:
        transport.connect(username=user, password=password)
        sftp = paramiko.SFTPClient.from_transport(transport)
        attributes = sftp.put(source, remote, confirm=True)
        print(f"uploaded {attributes.st_size} bytes")
        sftp.close()
    finally:
        transport.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
