"""Airflow plugin of the provider: the Strands dashboard (`strands.StrandsPlugin`)."""
