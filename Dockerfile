# backoffice-sim: the simulator on 0.0.0.0:8080 with its SQLite database on a volume.
FROM python:3.11-slim
WORKDIR /opt/backoffice-sim
COPY pyproject.toml README.md ./
COPY simulator ./simulator
RUN python -m pip install --no-cache-dir .
VOLUME ["/data"]
EXPOSE 8080
ENTRYPOINT ["backoffice-sim"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8080", "--db", "/data/backoffice-sim.db", "--seed", "42", "--workers", "2"]
