"""The Python peer of `trellis-bench/run peer`: an XGBoost model served by FastAPI + uvicorn,
as a Python user would serve it.

    /usr/bin/python3 trellis-bench/peer/xgboost_fastapi.py MODEL_FILE PORT WORKERS

Loads MODEL_FILE (an XGBoost model saved as JSON or UBJ) in every worker, answers
POST /predict {"features": [f0, f1, ...]} with {"tip_probability": p, "tip": p >= 0.5}, and
follows the harness's lifeline protocol (see Lifeline.java): it prints
"listening http://127.0.0.1:PORT/predict" once the port accepts connections, and stops when
its standard input closes. Needs Debian's python3-fastapi, python3-uvicorn and python3-xgboost
(importable by /usr/bin/python3 only).
"""
import os
import signal
import socket
import sys
import threading
import time

import numpy as np
import xgboost
from fastapi import FastAPI
from pydantic import BaseModel

app = FastAPI()
_booster = None


class Trip(BaseModel):
    features: list[float]


def booster():
    global _booster
    if _booster is None:
        _booster = xgboost.Booster()
        _booster.load_model(os.environ["TRELLIS_PEER_MODEL"])
        _booster.set_param({"nthread": 1})
    return _booster


@app.on_event("startup")
def load_model():
    booster()


@app.post("/predict")
def predict(trip: Trip):
    p = float(booster().inplace_predict(np.asarray([trip.features], dtype=np.float32))[0])
    return {"tip_probability": p, "tip": p >= 0.5}


def _announce_when_listening(port):
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                print(f"listening http://127.0.0.1:{port}/predict", flush=True)
                return
        except OSError:
            time.sleep(0.1)


def _stop_when_stdin_closes():
    while sys.stdin.buffer.read(1):
        pass
    os.kill(os.getpid(), signal.SIGTERM)  # uvicorn's supervisor stops its workers on SIGTERM


if __name__ == "__main__":
    import uvicorn

    model, port, workers = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    os.environ["TRELLIS_PEER_MODEL"] = os.path.abspath(model)
    threading.Thread(target=_announce_when_listening, args=(port,), daemon=True).start()
    threading.Thread(target=_stop_when_stdin_closes, daemon=True).start()
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    config = uvicorn.Config("xgboost_fastapi:app", host="127.0.0.1", port=port, workers=workers,
                            log_level="warning", access_log=False)
    # uvicorn --workers binds its socket with protocol 0, and asyncio then leaves Nagle's algorithm
    # on for accepted connections (it sets TCP_NODELAY only when the protocol is IPPROTO_TCP): each
    # response's body waits for the ACK of its headers, about 40 ms per request. Binding the socket
    # here with IPPROTO_TCP gives the workers TCP_NODELAY as a single-process uvicorn has it.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port))
    sock.set_inheritable(True)
    if workers > 1:
        uvicorn.supervisors.Multiprocess(config, target=uvicorn.Server(config).run, sockets=[sock]).run()
    else:
        uvicorn.Server(config).run(sockets=[sock])
