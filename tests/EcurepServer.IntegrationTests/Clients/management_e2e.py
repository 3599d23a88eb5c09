"""Drives a replica as a test team's suite would, with the Python standard library only (and curl for SFTP).

Starts the server command given after "--" (it must carry --ready-file READY and ports 0), reads the ports from the
ready file, creates a Transfer ID through POST /accounts, uploads one file with ftplib (FTPS) and one with curl (SFTP),
receives both through GET /uploads/wait, compares GET /uploads/{id}/content with the source bytes, calls POST /reset,
and checks that GET /uploads is empty and the data directory holds no upload. Exits 0 when all of that held.

Usage: management_e2e.py ROOT READY_FILE TOKEN -- SERVER_COMMAND...
"""
import hashlib
import json
import os
import signal
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ftplib_upload import ReusingFTP_TLS  # noqa: E402


def wait_for_file(path, server, seconds=90):
    deadline = time.monotonic() + seconds
    while not os.path.exists(path):
        if server.poll() is not None:
            raise SystemExit(f"the server exited with {server.returncode} before writing {path}")
        if time.monotonic() > deadline:
            raise SystemExit(f"{path} was not written within {seconds} s")
        time.sleep(0.05)
    with open(path, encoding="utf-8") as ready:
        return json.load(ready)


class Api:
    def __init__(self, base, token):
        self.base = base
        self.token = token

    def call(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base + path, data=data, method=method)
        request.add_header("Authorization", "Bearer " + self.token)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, dict(response.headers), response.read()

    def json(self, method, path, body=None):
        status, _, content = self.call(method, path, body)
        return status, json.loads(content)


def main():
    root, ready_path, token = sys.argv[1:4]
    command = sys.argv[sys.argv.index("--") + 1:]
    server = subprocess.Popen(command, cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        ready = wait_for_file(ready_path, server)
        europe = ready["sites"]["Europe"]
        assert ready["pid"] == server.pid, ready
        assert europe["ftpsPort"] and europe["sftpPort"], europe
        api = Api(ready["managementUrl"], token)

        status, account = api.json("POST", "/accounts", {"id": "E-PYTHON0001a"})
        assert status == 201, status
        user, password = account["id"], account["password"]

        ftps_bytes = os.urandom(300_000)
        sftp_bytes = os.urandom(200_000)
        for name, content in (("ftps.bin", ftps_bytes), ("sftp.bin", sftp_bytes)):
            with open(os.path.join(root, name), "wb") as source:
                source.write(content)

        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        with ReusingFTP_TLS(context=context, timeout=60) as ftp:
            ftp.connect("127.0.0.1", europe["ftpsPort"])
            ftp.login(user, password)
            ftp.prot_p()
            with open(os.path.join(root, "ftps.bin"), "rb") as source:
                ftp.storbinary("STOR /toibm/aix/TS012345678_ftps.bin", source)
            ftp.quit()

        subprocess.run(
            ["curl", "-sS", "-k", "-T", os.path.join(root, "sftp.bin"), "--user", f"{user}:{password}",
             f"sftp://127.0.0.1:{europe['sftpPort']}/toibm/aix/TS012345678_sftp.bin"],
            check=True, timeout=120)

        for name, content, protocol in (("TS012345678_ftps.bin", ftps_bytes, "ftps"), ("TS012345678_sftp.bin", sftp_bytes, "sftp")):
            status, upload = api.json("GET", f"/uploads/wait?account={user}&case=TS012345678&name={name}&timeout=60s")
            assert status == 200 and upload["protocol"] == protocol, upload
            status, headers, received = api.call("GET", f"/uploads/{upload['id']}/content")
            assert received == content, f"{name}: the content differs"
            assert int(headers["Content-Length"]) == len(content), headers
            assert upload["sha256"] == hashlib.sha256(content).hexdigest(), upload

        status, outcome = api.json("POST", "/reset")
        assert status == 200, outcome
        status, uploads = api.json("GET", "/uploads")
        assert uploads == [], uploads
        left = [os.path.join(folder, file) for folder, _, files in os.walk(os.path.join(root, "data", "uploads")) for file in files]
        assert left == [], left
        try:
            api.call("GET", "/uploads", None)
            Api(ready["managementUrl"], "wrong-token-0123456789").call("GET", "/uploads")
            raise AssertionError("a wrong token was accepted")
        except urllib.error.HTTPError as error:
            assert error.code == 401, error.code
        print("end-to-end OK")
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=120)
    assert not os.path.exists(ready_path), "the ready file outlived the server"


if __name__ == "__main__":
    main()
