// opencc-js ships types for its presets and core, not for the single dictionary groups the
// work key imports (so a Worker bundles only those): each is a list of dictionary groups.
declare module 'opencc-js/from/hk' {
  const groups: import('opencc-js/core').DictGroup[];
  export default groups;
}
declare module 'opencc-js/from/tw' {
  const groups: import('opencc-js/core').DictGroup[];
  export default groups;
}
declare module 'opencc-js/to/cn' {
  const groups: import('opencc-js/core').DictGroup[];
  export default groups;
}
