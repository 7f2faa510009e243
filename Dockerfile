# Astro project image: Astro Runtime 3 (Airflow 3). Bump the tag to the Runtime you deploy.
FROM astrocrpublic.azurecr.io/runtime:3.1-1

# The provider from this repository (requirements.txt installs it from PyPI instead once
# published); copied by the Runtime's ONBUILD step into /usr/local/airflow.
RUN pip install --no-cache-dir /usr/local/airflow
