"""The completion scripts `attach completion SHELL` prints: small shell functions that ask
`attach __complete` (cli/completing.py) for the words and hand them to the shell.

Each one runs attach with stderr thrown away and takes an empty answer as "nothing to offer",
so nothing ever lands in the command line but words. The first line attach prints is a mode:
"files" and "dirs" hand over to the shell's own path completion (which quotes paths its own
way), "nospace" leaves the cursor on the word (after `-a feelings=`), "words" is the rest.
"""

BASH = r"""# attach: completion for bash (attach completion bash).
_attach_complete() {
    local -a out=()
    local mode line
    # The line up to the cursor; attach reads the words from it. COMP_POINT counts characters.
    # (A read loop, not mapfile, so bash 3.2 prints no error either.)
    while IFS= read -r line; do
        out+=("$line")
    done < <(command "$1" __complete bash "${COMP_LINE:0:COMP_POINT}" "$COMP_WORDBREAKS" \
        2>/dev/null)
    mode=${out[0]}
    COMPREPLY=("${out[@]:1}")
    case $mode in
        files) compopt -o default 2>/dev/null; COMPREPLY=() ;;
        dirs) compopt -o dirnames 2>/dev/null; COMPREPLY=() ;;
        nospace) compopt -o nospace 2>/dev/null ;;
    esac
    return 0
}
complete -F _attach_complete attach
"""

ZSH = r"""#compdef attach
# attach: completion for zsh (attach completion zsh).
_attach() {
    local -a out found shown
    local row line=$LBUFFER
    # Inside a quote the person opened, LBUFFER holds the word without it ("Maya R reads as
    # two words): put the quote back, so the name is read as the one word being typed.
    [[ -n $compstate[quote] ]] && line="${LBUFFER%"$PREFIX"}${compstate[quote]}${PREFIX}"
    out=("${(@f)$(command ${words[1]} __complete zsh "$line" 2>/dev/null)}")
    # Each word may carry what it means after a tab: shown beside it in the menu.
    for row in "${(@)out[2,-1]}"; do
        found+=("${row%%$'\t'*}")
        if [[ $row == *$'\t'* ]]; then
            shown+=("${row%%$'\t'*}  -- ${row#*$'\t'}")
        else
            shown+=("$row")
        fi
    done
    case $out[1] in
        files|dirs)
            [[ $PREFIX == *=* ]] && compset -P '*='
            if [[ $out[1] == dirs ]]; then _files -/; else _files; fi ;;
        # -M: a name typed in small letters still finds its capitals (zoe -> Zoë).
        nospace) (( $#found )) && compadd -M 'm:{[:lower:]}={[:upper:]}' -l -d shown -S '' -- "${found[@]}" ;;
        words) (( $#found )) && compadd -M 'm:{[:lower:]}={[:upper:]}' -l -d shown -- "${found[@]}" ;;
    esac
    return 0
}
if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
    _attach "$@"
else
    compdef _attach attach
fi
"""

FISH = r"""# attach: completion for fish (attach completion fish).
function __attach_complete
    set -l out (command attach __complete fish (commandline -cp) 2>/dev/null)
    switch "$out[1]"
        case files
            __fish_complete_path (commandline -ct)
        case dirs
            __fish_complete_directories (commandline -ct)
        case '*'
            test (count $out) -gt 1; and printf '%s\n' $out[2..-1]
    end
end
complete -c attach -f -a '(__attach_complete)'
"""

SCRIPTS = {"bash": BASH, "zsh": ZSH, "fish": FISH}
