# The places import (issue 11): the web upload /beheer/import and the
# revision kind of a change made by an import.
revision-kind-import = bijgewerkt door een import
