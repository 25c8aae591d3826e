FROM python:3.11-slim-bookworm
RUN apt-get update && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /srv/portal
COPY pyproject.toml ./
COPY . .
RUN pip install --no-cache-dir .
RUN useradd --system portal && mkdir -p /srv/media && chown portal /srv/media
USER portal
EXPOSE 8000
