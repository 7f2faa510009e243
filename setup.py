"""Packaging for strands-airflow (the Apache Airflow provider)."""

import re
from pathlib import Path

from setuptools import find_packages, setup

HERE = Path(__file__).parent
VERSION = re.search(
    r'__version__ = "([^"]+)"', (HERE / "strands_airflow" / "version.py").read_text()
).group(1)

INSTALL_REQUIRES = [
    "apache-airflow>=3.0,<4",
    "apache-airflow-providers-amazon[s3fs]>=9.0",
    # Named directly (it also comes with the amazon provider's s3fs extra): pip then settles
    # s3fs -> aiobotocore -> botocore before it picks boto3, instead of trying the newest
    # boto3 first and backtracking through hundreds of releases (an unconstrained install
    # took over 15 minutes without this line; see README "Use it in your Airflow").
    "s3fs>=2024.6",
    "apache-airflow-providers-redis>=4.0",
    "apache-airflow-providers-common-sql>=1.20",
    "boto3>=1.34",
    "numpy>=1.26",
    "threadpoolctl>=3.1",  # one BLAS thread for the agents' small products (core/blas.py)
    "sqlfluff>=3.0",
    "redis>=5.0",
    "pydantic>=2.5,<3",
    "tenacity>=8.2",
    "duckdb>=1.0",
    "pyarrow>=14",
]

# lower bounds are the versions the tests ran with (constraints.txt); older ones are untested
OPENLINEAGE = ["apache-airflow-providers-openlineage>=2.20"]
# MessageQueueTrigger(scheme="strands+redis", ...): scheme-based dispatch
EVENTS = ["apache-airflow-providers-common-messaging>=2.1"]
# scripts/cluster.sh: CeleryExecutor workers on Redis, PostgreSQL metadata database
CLUSTER = [
    "apache-airflow-providers-celery>=3.26",
    # celery 5.7 dropped celery.backends.database.retry, which the provider 3.26 imports
    "celery>=5.5,<5.7",
    "apache-airflow-providers-postgres>=6.0",
    "psycopg2-binary>=2.9",
]

EXTRAS = {
    "rs": ["sqlfluffrs"],
    # platform 'spark' (and PySpark on 'local'): spark-submit from the pyspark wheel; Java 17+
    "spark": ["pyspark>=4.0,<5"],
    # OpenLineage facets of the Strands operators (get_openlineage_facets_on_*)
    "openlineage": OPENLINEAGE,
    # event-driven DAGs on Strands messages (AssetWatcher + MessageQueueTrigger)
    "events": EVENTS,
    # a multi-process Airflow (scripts/cluster.sh): Celery workers, PostgreSQL metadata DB
    "cluster": CLUSTER,
    "test": [
        *OPENLINEAGE,
        *EVENTS,
        *CLUSTER,  # the cluster soak (tests/cluster) runs in CI
        "pytest>=8",
        "pytest-timeout>=2.3",
        "hypothesis>=6.100",
        "moto[server]>=5.0",
        "ruff>=0.6",
        "mypy>=1.10",
        "playwright>=1.40",
    ],
}

setup(
    name="strands-airflow",
    version=VERSION,
    description=(
        "Apache Airflow 3 provider for self-learning ETL: decision, execution, quality, "
        "optimization and learning agents over a hybrid XCom + Redis Streams bus."
    ),
    long_description=(HERE / "README.md").read_text() if (HERE / "README.md").exists() else "",
    long_description_content_type="text/markdown",
    license="Apache-2.0",
    python_requires=">=3.10",
    packages=find_packages(include=["strands_airflow", "strands_airflow.*"]),
    include_package_data=True,
    package_data={
        "strands_airflow": [
            "py.typed",
            "**/*.json",
            "**/*.sql",
            "**/*.cfg",
            "**/*.yaml",
            "**/*.html",
            "**/*.css",
            "**/*.js",
            "pipeline/samples/*.py",
            "execution/jobs/*.py",
        ]
    },
    install_requires=INSTALL_REQUIRES,
    extras_require=EXTRAS,
    entry_points={
        "apache_airflow_provider": [
            "provider_info=strands_airflow.get_provider_info:get_provider_info"
        ],
        "sqlfluff": ["strands = strands_airflow.agents.quality.sql.plugin"],
        "airflow.plugins": ["strands = strands_airflow.plugins.strands:StrandsPlugin"],
        "console_scripts": [
            "strands-vectors = strands_airflow.vectors.cli:main",
            "strands-checks = strands_airflow.agents.quality.cli:main",
            "strands-decision-service = strands_airflow.agents.decision.service:main",
        ],
    },
    classifiers=[
        "Framework :: Apache Airflow",
        "Framework :: Apache Airflow :: Provider",
        "Programming Language :: Python :: 3",
    ],
)
