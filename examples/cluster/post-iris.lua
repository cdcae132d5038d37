-- wrk script: POST one iris measurement as JSON (examples/cluster/README.md).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"sepal length": 1.2, "sepal width": 1.0, "petal length": 1.1, "petal width": 0.9}'
