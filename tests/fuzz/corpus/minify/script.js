/* block */
function f(a) {
	var u = 'http://x'; // link

	return `t ${a}
  // kept`;
}
