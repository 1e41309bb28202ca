"""Sync: import profiles that pull benefit and indicator figures from operational
systems — an exported file, the newest export in a folder, or an SQL query.

- `profiles`: the `SyncProfile` rule, its validation and its JSON form in the portfolio;
- `toml_io`: profiles as a TOML file (paths relative to the file);
- `saved`: profiles kept in the portfolio (list, save, delete, import/export TOML);
- `sources`: reading a file, the newest matching file, or a query, as raw rows;
- `reading`: raw rows → parsed, mapped to codes, aggregated per period (`aggregation`);
- `run`: one transaction and one import batch per profile run; preview and dry run.
"""

from benefitdesk.progress import Cancelled
from benefitdesk.services.sync.aggregation import Aggregator, Figure
from benefitdesk.services.sync.profiles import (
    AGGREGATES,
    PERIODS,
    SOURCES,
    SyncProfile,
    describe_source,
    validate_profile,
)
from benefitdesk.services.sync.reading import SampleRow
from benefitdesk.services.sync.run import (
    STATUS_CANCELLED,
    Preview,
    ProfileRun,
    SyncResult,
    preview_profile,
    run_profile,
    run_profiles,
)
from benefitdesk.services.sync.saved import (
    STATUS_FAILED,
    STATUS_OK,
    STATUS_UNCHANGED,
    ProfileFileError,
    ProfilesImported,
    SavedProfile,
    delete_profile,
    export_profiles,
    get_profile,
    import_profiles,
    list_profiles,
    portfolio_folder,
    save_profile,
)
from benefitdesk.services.sync.sources import newest_file, source_file

__all__ = [
    "AGGREGATES",
    "PERIODS",
    "SOURCES",
    "STATUS_CANCELLED",
    "STATUS_FAILED",
    "STATUS_OK",
    "STATUS_UNCHANGED",
    "Aggregator",
    "Cancelled",
    "Figure",
    "Preview",
    "ProfileFileError",
    "ProfileRun",
    "ProfilesImported",
    "SampleRow",
    "SavedProfile",
    "SyncProfile",
    "SyncResult",
    "delete_profile",
    "describe_source",
    "export_profiles",
    "get_profile",
    "import_profiles",
    "list_profiles",
    "newest_file",
    "portfolio_folder",
    "preview_profile",
    "run_profile",
    "run_profiles",
    "save_profile",
    "source_file",
    "validate_profile",
]
