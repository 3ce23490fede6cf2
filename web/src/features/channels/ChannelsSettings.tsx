/** Instellingen → Kanalen. Filled in by the channels work. */
export function ChannelsSettings() {
  return null;
}
