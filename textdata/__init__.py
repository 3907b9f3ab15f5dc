"""textdata: the one reader of the YAML text catalogues (what users read, and the word lists that read what
they type), used by every package of both environments. Plain Python and PyYAML; imports no other package of
the project (docs/architecture.md)."""

from textdata.catalogue import Catalogue, CatalogueError, fill, load_catalogue, read_yaml

__all__ = ["Catalogue", "CatalogueError", "fill", "load_catalogue", "read_yaml"]
