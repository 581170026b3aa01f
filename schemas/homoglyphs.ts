// Letters from other scripts that look like Latin ones ("раураl" with Cyrillic р, а, у). Mapping
// them back lets one set of patterns see through the disguise. Case is kept.
const PAIRS =
  // Cyrillic
  'аaбbвbгrеeёeкkмmнhоoпnрpсcтtуyхxѕsіiїiјjԁdԛqԝwɡgӏlһhүyѵvьbиu' +
  'АAВBЕEЁEКKМMНHОOРPСCТTУYХXЅSІIЇIЈJԀDӀIҮYЬb' +
  // Greek
  'αaβbγyεeιiκkνvοoρpτtυuχxωwηnμu' +
  'ΑAΒBΕEΖZΗHΙIΚKΜMΝNΟOΡPΤTΥYΧX' +
  // Armenian
  'օoսuհhոn' +
  // Latin small capitals and dotless forms
  'ıiȷjɑaɩiᴀaʙbᴄcᴅdᴇeɢgʜhɪiᴊjᴋkʟlᴍmɴnᴏoᴘpʀrꜱsᴛtᴜuᴠvᴡwʏyᴢz';

export const HOMOGLYPHS: ReadonlyMap<number, string> = (() => {
  const map = new Map<number, string>();
  const chars = Array.from(PAIRS);
  for (let i = 0; i + 1 < chars.length; i += 2) map.set(chars[i]!.codePointAt(0)!, chars[i + 1]!);
  return map;
})();
