/** The hardware catalogue shipped in `data/hardware.json`, validated: read by extraction and corrections only (it is most of their data). */
import defaultHardware from './data/hardware.json';
import { HardwareCatalogSchema, type HardwareCatalog } from './vocabulary';

/** The catalogue shipped in `data/hardware.json`: what `Knowledge.catalog` means when absent. */
export const DEFAULT_CATALOG: HardwareCatalog = HardwareCatalogSchema.parse(defaultHardware);
