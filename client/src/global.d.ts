/// <reference types="svelte" />
/// <reference types="vite/client" />

interface Window {
  /** The map page's MapLibre instance, exposed for end-to-end tests and debugging. */
  __hssMap?: import('maplibre-gl').Map;
}
