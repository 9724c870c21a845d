# SPDX-License-Identifier: EUPL-1.2
import sys

from passage.signatures.pki import main

sys.exit(main())
