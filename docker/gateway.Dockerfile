# Gateway image (FastAPI, Python 3.11): web chat, LINE webhook, staff console, /api/calc.
FROM python:3.11-slim
RUN apt-get update && apt-get install -y --no-install-recommends fonts-noto-cjk && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements/app.txt requirements/app.lock requirements/tools.txt /app/requirements/
COPY pyproject.toml /app/
COPY calc /app/calc
COPY knowledge /app/knowledge
COPY contracts /app/contracts
COPY textdata /app/textdata
RUN pip install --no-cache-dir -r requirements/tools.txt \
    && pip install --no-cache-dir -r requirements/app.txt -c requirements/app.lock -e .
COPY gateway /app/gateway
COPY alembic.ini /app/
COPY migrations /app/migrations
EXPOSE 8000
USER 1001
CMD ["python", "-m", "uvicorn", "gateway.app:create_app", "--factory", "--host", "0.0.0.0", "--port", "8000"]
