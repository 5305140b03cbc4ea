"""Debian's nginx on loopback in front of app nodes, with deploy/nginx/careerhub-proxy.conf.

Used by the multi-node test and by `make bench` (through-nginx figures).
"""

import http.client
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROXY_CONF = ROOT / "deploy" / "nginx" / "careerhub-proxy.conf"

CONF = """
{user}
worker_processes {workers};
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    upstream careerhub {{
        {servers}
        keepalive 16;
    }}
    map $http_accept_encoding $careerhub_accept_encoding {{
        ~*\\bgzip\\b gzip;
        default "";
    }}
    proxy_cache_path {prefix}/cache levels=1:2 keys_zone=careerhub:10m max_size=64m inactive=10m use_temp_path=off;
    server {{
        listen 127.0.0.1:{port};
        client_max_body_size 1m;
        location / {{
            include {proxy_conf};
        }}
    }}
}}
"""


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Nginx:
    def __init__(self, node_ports, workers=1):
        binary = shutil.which("nginx") or "/usr/sbin/nginx"
        if not os.path.exists(binary):
            raise RuntimeError("nginx is missing: `make test` installs Debian's nginx-light")
        self.prefix = Path(tempfile.mkdtemp(prefix="careerhub-nginx-"))
        self.port = _free_port()
        servers = "\n        ".join(f"server 127.0.0.1:{p} max_fails=1 fail_timeout=10s;" for p in node_ports)
        conf = self.prefix / "nginx.conf"
        conf.write_text(
            CONF.format(
                # As root, nginx's workers would run as nobody and could not use the temporary folder.
                user="user root;" if os.geteuid() == 0 else "",
                workers=workers,
                prefix=self.prefix,
                port=self.port,
                servers=servers,
                proxy_conf=PROXY_CONF,
            )
        )
        self.proc = subprocess.Popen(
            [binary, "-p", str(self.prefix), "-c", str(conf), "-g", "daemon off;"], start_new_session=True
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200:
                    return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"nginx did not start: {(self.prefix / 'error.log').read_text()[-2000:]}")

    def stop(self):
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(10)
        shutil.rmtree(self.prefix, ignore_errors=True)
