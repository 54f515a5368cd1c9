#!/usr/bin/env python3
"""A demo node for the systemd-fleet scenario: answers on a UDP port, serves Prometheus metrics.

Each datagram sent to --port gets back "NAME VERSION PID"; with --tcp-port, a TCP connection there
gets the same line. GET /metrics on 127.0.0.1:--metrics-port
shows demo_records_stored (the --records figure) and demo_peers_shunned, which the scenario's fleet
maps to the records and shunned attributes the node selectors rank by. Stops cleanly on SIGTERM.
"""
import argparse
import http.server
import os
import signal
import socket
import sys
import threading


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--name", required=True)
    parser.add_argument("--version", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--metrics-port", type=int, required=True)
    parser.add_argument("--records", type=int, default=0)
    parser.add_argument("--shunned", type=int, default=0)
    parser.add_argument("--tcp-port", type=int, default=0)
    args = parser.parse_args()

    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    udp.bind(("0.0.0.0", args.port))
    answer = f"{args.name} {args.version} {os.getpid()}".encode()

    class Metrics(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            if self.path != "/metrics":
                self.send_error(404)
                return
            body = (
                "# HELP demo_records_stored Records this node holds.\n"
                "# TYPE demo_records_stored gauge\n"
                f'demo_records_stored{{node="{args.name}"}} {args.records}\n'
                "# TYPE demo_peers_shunned gauge\n"
                f"demo_peers_shunned {args.shunned}\n"
            ).encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/plain; version=0.0.4")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_):
            pass

    if args.tcp_port:
        tcp = socket.create_server(("0.0.0.0", args.tcp_port))

        def serve_tcp():
            while True:
                connection, _ = tcp.accept()
                with connection:
                    connection.sendall(answer + b"\n")

        threading.Thread(target=serve_tcp, daemon=True).start()

    metrics = http.server.ThreadingHTTPServer(("127.0.0.1", args.metrics_port), Metrics)
    threading.Thread(target=metrics.serve_forever, daemon=True).start()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print(f"{args.name} {args.version} listening on udp/{args.port}, metrics on 127.0.0.1:{args.metrics_port}", flush=True)
    while True:
        _, peer = udp.recvfrom(512)
        udp.sendto(answer, peer)


if __name__ == "__main__":
    main()
